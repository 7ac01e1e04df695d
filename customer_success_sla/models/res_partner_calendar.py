from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    cs_resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Support Hours",
        groups="base.group_user",
        help="Working calendar of this account's SLA clocks (e.g. China business hours with the "
        "official holidays). Empty: the tier's support hours.",
    )
