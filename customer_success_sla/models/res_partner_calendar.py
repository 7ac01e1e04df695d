from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    cs_resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Support Hours",
        groups="base.group_user",
        help="Working calendar of this account's SLA clocks (e.g. China business hours with the "
        "official holidays). Empty: the tier's support hours.",
    )

    @api.constrains("cs_resource_calendar_id")
    def _check_cs_resource_calendar_id(self):
        for account in self.filtered("cs_resource_calendar_id"):
            if not account.cs_resource_calendar_id._cs_weekly_hours():
                raise ValidationError(self.env._(
                    "Account %(account)s: the support hours %(calendar)s have no working time, so its "
                    "SLA clocks could never end.",
                    account=account.display_name, calendar=account.cs_resource_calendar_id.name,
                ))

    def _cs_support_calendar(self):
        """The account's support hours, else its tier's (empty when neither,
        or without a partner)."""
        if not self:
            return self.env["resource.calendar"]
        self.ensure_one()
        account = self.commercial_partner_id.sudo()  # sudo: the field is internal
        return account.cs_resource_calendar_id or account.cs_tier_id.resource_calendar_id
