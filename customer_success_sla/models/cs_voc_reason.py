from odoo import fields, models


class CsVocReason(models.Model):
    """Why a customer is unhappy: product, service, price, defect, usability…"""

    _name = "cs.voc.reason"
    _description = "Feedback Reason"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_unique = models.Constraint("UNIQUE(name)", "This reason already exists.")
