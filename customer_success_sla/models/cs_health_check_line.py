from odoo import fields, models

from .cs_health_profile_line import SIGNAL_SELECTION


class CsHealthCheckLine(models.Model):
    """One signal of a health check: what was measured, its 0–100 points,
    and how much it weighed in the score, so that a CSM sees why it moved."""

    _name = "cs.health.check.line"
    _description = "Health Check Signal"
    _order = "check_id, sequence, id"

    check_id = fields.Many2one("cs.health.check", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    signal = fields.Selection(SIGNAL_SELECTION, required=True)
    has_data = fields.Boolean(string="Data", help="Without data the signal is left out and the weights "
                                                  "of the others rescaled.")
    raw_value = fields.Float(string="Measured", digits=(16, 2))
    normalised = fields.Float(string="Points (0–100)", digits=(16, 2))
    weight = fields.Float(string="Weight", digits=(16, 2))
    effective_weight = fields.Float(string="Weight Used (%)", digits=(16, 2),
                                    help="The weight rescaled over the signals with data.")
    contribution = fields.Float(string="Contribution", digits=(16, 2), help="Points this signal adds to the score.")
