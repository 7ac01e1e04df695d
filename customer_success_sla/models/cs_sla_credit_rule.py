from odoo import api, fields, models
from odoo.exceptions import ValidationError



class CsSlaCreditRule(models.Model):
    """One line of a credit schedule: below ``threshold`` percent of targets
    met in a month, the account is credited ``credit_percent`` of its monthly
    fee. A schedule belongs to a tier, or to an account that overrides it."""

    _name = "cs.sla.credit.rule"
    _description = "SLA Credit Rule"
    _order = "threshold desc, id"

    tier_id = fields.Many2one("cs.tier", ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Account", ondelete="cascade", index=True)
    threshold = fields.Float(string="Compliance Below (%)", digits=(5, 2), required=True)
    credit_percent = fields.Float(string="Credit (% of Monthly Fee)", digits=(5, 2), required=True)

    @api.constrains("tier_id", "partner_id", "threshold", "credit_percent")
    def _check_schedule(self):
        for rule in self:
            if bool(rule.tier_id) == bool(rule.partner_id):
                raise ValidationError(self.env._("A credit rule belongs either to a tier or to an account."))
        self.tier_id._cs_check_credit_schedule()
        self.partner_id._cs_check_credit_schedule()

    @api.model
    def _cs_schedule_error_message(self, owner, error):
        messages = {
            "outside": self.env._("%(owner)s: credit thresholds and credits are percentages between 0 and 100.",
                                  owner=owner.display_name),
            "duplicate": self.env._("%(owner)s: each compliance threshold appears once in the credit schedule.",
                                    owner=owner.display_name),
            "not_decreasing": self.env._(
                "%(owner)s: the credit schedule must give a larger credit for a lower compliance "
                "(e.g. below 95 %%: 5 %%, below 90 %%: 10 %%).", owner=owner.display_name),
        }
        return messages[error]
