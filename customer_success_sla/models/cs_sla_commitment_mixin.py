from odoo import models
from odoo.exceptions import ValidationError

from ..engine import sla_credit


class CsSlaCommitmentMixin(models.AbstractModel):
    """Checks shared by the holders of an SLA commitment (tiers and accounts)."""

    _name = "cs.sla.commitment.mixin"
    _description = "SLA Commitment Checks"

    def _cs_commitment_fields(self):
        """(committed compliance field, credit rules field)."""
        raise NotImplementedError

    def _cs_check_commitment(self):
        compliance_field, _rules_field = self._cs_commitment_fields()
        for owner in self:
            if sla_credit.percent_error(owner[compliance_field]):
                raise ValidationError(self.env._(
                    "%(owner)s: the committed compliance is a percentage between 0 and 100 (not %(value)s).",
                    owner=owner.display_name, value=owner[compliance_field]))

    def _cs_check_credit_schedule(self):
        _compliance_field, rules_field = self._cs_commitment_fields()
        Rule = self.env["cs.sla.credit.rule"]
        for owner in self:
            schedule = [(rule.threshold, rule.credit_percent) for rule in owner[rules_field]]
            error = sla_credit.schedule_error(schedule)
            if error:
                raise ValidationError(Rule._cs_schedule_error_message(owner, error))
