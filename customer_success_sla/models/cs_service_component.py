from odoo import fields, models


class CsServiceComponent(models.Model):
    """A part of the service customers see on the status page (login, API, reports…)."""

    _name = "cs.service.component"
    _description = "Service Component"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Char(translate=True, help="Shown to customers on the status page.")
