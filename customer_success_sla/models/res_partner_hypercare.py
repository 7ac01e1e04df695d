from odoo import fields, models

from ..engine.sla_policy import in_hypercare


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _cs_in_hypercare(self, day=None):
        """Whether this account is in its tier's hypercare on ``day`` (today)."""
        self.ensure_one()
        account = self.commercial_partner_id.sudo()  # sudo: the go-live date is internal
        day = day or self._cs_account_today()
        return in_hypercare(account.cs_go_live_date, day, account.cs_tier_id.hypercare_days)

    def _cs_account_today(self, instant=None):
        """The account's date at ``instant`` (now) in the account's own time
        zone, else its support hours': a hypercare day is the customer's day,
        not that of whoever opens the ticket."""
        self.ensure_one()
        account = self.commercial_partner_id.sudo()
        tz = account.tz or account._cs_support_calendar().tz
        return fields.Date.context_today(account.with_context(tz=tz) if tz else self, instant)

    def _cs_tier_team(self):
        """The team that takes this account's new tickets: the tier's
        hypercare team during the hypercare, else the tier's dedicated team."""
        self.ensure_one()
        tier = self.commercial_partner_id.sudo().cs_tier_id
        if tier.hypercare_team_id and self._cs_in_hypercare():
            return tier.hypercare_team_id
        return tier.team_id
