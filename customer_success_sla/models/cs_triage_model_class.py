from odoo import fields, models

FIELD_SELECTION = [("category", "Category"), ("priority", "Priority"), ("team", "Team")]


class CsTriageModelClass(models.Model):
    """A class (category, priority or team) of a triage model as measured on
    the held-out tickets: precision, recall and how many were tested."""

    _name = "cs.triage.model.class"
    _description = "Triage Model Class Quality"
    _order = "model_id, field, label"

    model_id = fields.Many2one("cs.triage.model", required=True, ondelete="cascade", index=True)
    field = fields.Selection(FIELD_SELECTION, required=True)
    label = fields.Char(string="Value", required=True)
    precision = fields.Float(digits=(3, 3), help="Of the test tickets predicted with this value, the share right.")
    recall = fields.Float(digits=(3, 3), help="Of the test tickets with this value, the share found.")
    support = fields.Integer(string="Test Tickets")
