from odoo import fields, models


class CrmLead(models.Model):
    """Winning an opportunity starts the customer's onboarding."""

    _inherit = "crm.lead"

    cs_tier_id = fields.Many2one(
        "cs.tier",
        string="Target Tier",
        help="Tier the customer gets when this opportunity is won.",
    )
    cs_onboarding_started = fields.Boolean(
        string="Onboarding Started",
        copy=False,
        readonly=True,
        help="Set when winning this opportunity started the customer's onboarding, "
        "so that winning it again does not start it twice.",
    )

    def action_set_won(self):
        res = super().action_set_won()
        self._cs_start_onboarding()
        return res

    def _cs_start_onboarding(self):
        leads = self.filtered(lambda lead: lead.partner_id and not lead.cs_onboarding_started)
        for lead in leads:
            lead.partner_id.commercial_partner_id._cs_start_onboarding(
                tier=lead.cs_tier_id, responsible=lead.user_id
            )
        leads.write({"cs_onboarding_started": True})
