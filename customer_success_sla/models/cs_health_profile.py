from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import health


class CsHealthProfile(models.Model):
    """How a tier's accounts are scored: a weight and good/bad values per
    signal, the green/yellow/red thresholds and the drop that starts the
    at-risk playbook."""

    _name = "cs.health.profile"
    _description = "Health Profile"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    line_ids = fields.One2many("cs.health.profile.line", "profile_id", string="Signals", copy=True)
    red_threshold = fields.Integer(
        string="Red Below", default=health.DEFAULT_RED_THRESHOLD,
        help="A score below this is red (at risk).")
    yellow_threshold = fields.Integer(
        string="Yellow Below", default=health.DEFAULT_YELLOW_THRESHOLD,
        help="A score below this (and not red) is yellow; from it up, green.")
    drop_points = fields.Integer(
        string="Drop Alert (points)", default=health.DEFAULT_DROP_POINTS,
        help="Losing at least this many points between two checks starts the at-risk playbook, "
             "whatever the colour.")
    key_feature_count = fields.Integer(
        string="Key Features", default=health.DEFAULT_KEY_FEATURES,
        help="How many key features the product has: feature adoption is the share of them used.")
    tier_ids = fields.One2many("cs.tier", "health_profile_id", string="Tiers")

    _drop_points_positive = models.Constraint(
        "CHECK(drop_points > 0)", "The drop alert must be at least one point.",
    )
    _key_feature_count_positive = models.Constraint(
        "CHECK(key_feature_count > 0)", "A product has at least one key feature.",
    )

    @api.constrains("red_threshold", "yellow_threshold")
    def _check_thresholds(self):
        for profile in self:
            try:
                health.check_thresholds(profile.red_threshold, profile.yellow_threshold)
            except health.HealthConfigError:
                raise ValidationError(self.env._(
                    "Health profile “%(name)s”: the thresholds are out of order. They must satisfy "
                    "0 ≤ red (%(red)s) < yellow (%(yellow)s) ≤ 100.",
                    name=profile.name, red=profile.red_threshold, yellow=profile.yellow_threshold,
                )) from None

    @api.constrains("line_ids")
    def _check_weights(self):
        for profile in self:
            try:
                health.check_weights(profile.line_ids.mapped("weight"))
            except health.HealthConfigError:
                raise ValidationError(self.env._(
                    "Health profile “%(name)s”: at least one signal needs a weight above zero.",
                    name=profile.name,
                )) from None

    @api.model
    def _cs_default(self):
        return self.env.ref("customer_success_sla.health_profile_default", raise_if_not_found=False) or self.search(
            [], limit=1)

    def _cs_weights(self):
        """{signal: (weight, good, bad)} for the engine."""
        self.ensure_one()
        return {line.signal: (line.weight, line.good_value, line.bad_value) for line in self.line_ids}

    @api.model
    def _cs_default_line_values(self):
        return [
            fields.Command.create({"sequence": index, "signal": signal, "weight": weight,
                                   "good_value": good, "bad_value": bad})
            for index, (signal, (weight, good, bad)) in enumerate(health.DEFAULT_PROFILE.items())
        ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("line_ids"):
                vals["line_ids"] = self._cs_default_line_values()
        return super().create(vals_list)
