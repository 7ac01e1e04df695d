from odoo import models


class ResPartner(models.Model):
    """Accounts refuse unknown tiers, users and selection values of this
    addon's fields with a message, not a database error."""

    _name = "res.partner"
    _inherit = ["res.partner", "cs.input.check"]
