from odoo import api, fields, models

from ..engine import health
from .res_partner import HEALTH_COLORS, HEALTH_SELECTION

TREND_SELECTION = [("new", "First check"), ("up", "Improving"), ("flat", "Stable"), ("down", "Declining")]


class CsHealthCheck(models.Model):
    """An account's health on a day: the score, its colour and every
    signal behind it. One check per account and day: a second run on the
    same day updates it."""

    _name = "cs.health.check"
    _description = "Health Check"
    _order = "partner_id, date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Account", required=True, ondelete="cascade", index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    score = fields.Integer(aggregator="avg")
    status = fields.Selection(HEALTH_SELECTION)
    csm_user_id = fields.Many2one("res.users", string="Customer Success Manager", index="btree_not_null")
    tier_id = fields.Many2one("cs.tier", string="Tier")
    profile_id = fields.Many2one("cs.health.profile", string="Health Profile", ondelete="set null")
    previous_score = fields.Integer(string="Previous Score")
    has_previous = fields.Boolean(string="Has a Previous Check")
    score_change = fields.Integer(string="Change", help="Points gained or lost since the previous check.")
    trend = fields.Selection(TREND_SELECTION, compute="_compute_trend", store=True)
    line_ids = fields.One2many("cs.health.check.line", "check_id", string="Signals")
    missing_signal_count = fields.Integer(string="Signals Without Data")
    note = fields.Text()
    color = fields.Integer(compute="_compute_color")

    _partner_date_unique = models.Constraint(
        "UNIQUE(partner_id, date)", "An account has at most one health check per day.",
    )
    _score_range = models.Constraint(
        "CHECK(score >= 0 AND score <= 100)", "A health score lies between 0 and 100.",
    )
    _partner_date_idx = models.Index("(partner_id, date DESC)")

    @api.depends("has_previous", "score_change")
    def _compute_trend(self):
        for check in self:
            check.trend = health.trend_direction(check.score_change if check.has_previous else None)

    @api.depends("status")
    def _compute_color(self):
        for check in self:
            check.color = HEALTH_COLORS.get(check.status, 0)
