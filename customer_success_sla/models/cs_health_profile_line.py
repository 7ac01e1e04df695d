from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import health

SIGNAL_SELECTION = [
    ("ticket_volume", "Ticket volume against the 90-day baseline"),
    ("urgent_open", "Open urgent tickets"),
    ("sla_breaches", "SLA breaches (30 days)"),
    ("reopen_rate", "Reopen rate (90 days, %)"),
    ("csat", "CSAT (90 days)"),
    ("nps", "NPS (365 days)"),
    ("csm_touch", "Days since the CSM's last touch"),
    ("seat_utilisation", "Seat utilisation (%)"),
    ("active_user_trend", "Active-user trend (%)"),
    ("feature_adoption", "Feature adoption (%)"),
    ("incidents", "Incidents (30 days; major 1, other problems 0.5)"),
    ("negative_messages", "Negative customer messages (30 days, %)"),
]


class CsHealthProfileLine(models.Model):
    """One signal of a health profile: its weight and the raw values that
    score 100 (good) and 0 (bad), linear between."""

    _name = "cs.health.profile.line"
    _description = "Health Profile Signal"
    _order = "profile_id, sequence, id"

    profile_id = fields.Many2one("cs.health.profile", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    signal = fields.Selection(SIGNAL_SELECTION, required=True)
    weight = fields.Float(default=10.0, help="Relative weight; signals without data are left out and the "
                                             "weights of the others rescaled.")
    good_value = fields.Float(string="Good (100 points)", required=True)
    bad_value = fields.Float(string="Bad (0 points)", required=True)

    _signal_unique = models.Constraint(
        "UNIQUE(profile_id, signal)", "A signal appears once in a health profile.",
    )
    _weight_positive = models.Constraint(
        "CHECK(weight >= 0)", "A signal's weight cannot be negative.",
    )

    @api.constrains("good_value", "bad_value")
    def _check_bounds(self):
        for line in self:
            try:
                health.check_bounds(line.good_value, line.bad_value)
            except health.HealthConfigError:
                raise ValidationError(self.env._(
                    "The good and bad values of the signal “%(signal)s” must differ.",
                    signal=dict(line._fields["signal"]._description_selection(self.env)).get(line.signal),
                )) from None

    @api.constrains("weight")
    def _check_weight(self):
        self.profile_id._check_weights()
