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

    def _cs_support_calendar(self):
        """The account's support hours, else its tier's (empty when neither,
        or without a partner)."""
        if not self:
            return self.env["resource.calendar"]
        self.ensure_one()
        account = self.commercial_partner_id.sudo()  # sudo: the field is internal
        return account.cs_resource_calendar_id or account.cs_tier_id.resource_calendar_id
