from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import LIFECYCLE_SELECTION


class CsNpsCadence(models.Model):
    """When accounts of a lifecycle stage (and tiers) are invited to the NPS
    survey: first after go-live, then every ``interval_days``."""

    _name = "cs.nps.cadence"
    _description = "NPS Survey Cadence"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    lifecycle_stage = fields.Selection(
        [stage for stage in LIFECYCLE_SELECTION if stage[0] != "churned"], required=True,
        help="Churned accounts are never surveyed.",
    )
    tier_ids = fields.Many2many("cs.tier", string="Customer Tiers", help="Empty: every tier.")
    after_go_live_days = fields.Integer(
        string="First After (days)", default=0,
        help="Days after go-live before the first invitation (6: the last day of a 7-day onboarding).",
    )
    interval_days = fields.Integer(string="Then Every (days)", default=90, required=True)

    @api.constrains("after_go_live_days", "interval_days")
    def _check_days(self):
        for cadence in self:
            if cadence.interval_days <= 0 or cadence.after_go_live_days < 0:
                raise ValidationError(
                    self.env._("An NPS cadence needs a positive interval and a first delay of zero or more days.")
                )

    @api.model
    def _cs_cadence_for(self, account, cadences=None):
        """(after_go_live_days, interval_days) of the first of ``cadences``
        (default: the active ones) matching the account's stage and tier, or None."""
        for cadence in cadences if cadences is not None else self._cs_active():
            if cadence.lifecycle_stage == account.cs_lifecycle_stage and (
                not cadence.tier_ids or account.cs_tier_id in cadence.tier_ids
            ):
                return cadence.after_go_live_days, cadence.interval_days
        return None

    @api.model
    def _cs_active(self):
        return self.sudo().search([])
