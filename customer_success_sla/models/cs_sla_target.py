from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.sla_levels import LEVEL_KIND, clock_key, target_error
from ..engine.sla_policy import format_hours
from .helpdesk_ticket_classification import SUPPORT_LEVEL_SELECTION

# One year of round-the-clock working time: larger targets are typing errors,
# and overflow the deadline computation.
MAX_TARGET_HOURS = 8760

TARGET_KIND_SELECTION = [
    ("first_response", "First Response"),
    ("next_response", "Next Response"),
    ("resolution", "Resolution"),
    ("level_response", "Level Engagement"),
    ("periodic_update", "Periodic Update"),
]


class CsSlaTarget(models.Model):
    """One time target of a policy, in working hours of its calendar."""

    _name = "cs.sla.target"
    _inherit = ["cs.input.check"]
    _description = "SLA Target"
    _order = "policy_id, kind, support_level, id"
    _rec_name = "kind"

    policy_id = fields.Many2one("cs.sla.policy", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(TARGET_KIND_SELECTION, required=True)
    hours = fields.Float(
        string="Working Hours",
        required=True,
        digits=(16, 6),
        help="Time allowed, in working hours of the policy's calendar (0.083333 = 5 minutes).",
    )
    support_level = fields.Selection(
        SUPPORT_LEVEL_SELECTION, compute="_compute_support_level", store=True, readonly=False,
        help="Level Engagement targets only: the support level whose first message the target awaits, "
        "counted from when the ticket reaches that level.",
    )
    warning_percent = fields.Integer(
        string="Warning at (%)",
        default=80,
        required=True,
        help="The clock turns 'at risk' once this share of the target is consumed.",
    )
    escalation_ids = fields.One2many("cs.sla.escalation", "target_id", string="Escalations", copy=True)

    _kind_unique = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (policy_id, kind, support_level)",
        "A policy has at most one target of each kind (and of each support level).",
    )

    @api.depends("kind")
    def _compute_support_level(self):
        # The form hides the level of other kinds: switching the kind clears
        # it, instead of refusing to save a value the user cannot see.
        for target in self:
            if target.kind != LEVEL_KIND:
                target.support_level = False

    @api.depends("kind", "support_level", "hours")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        levels = dict(self._fields["support_level"]._description_selection(self.env))
        for target in self:
            kind = kinds.get(target.kind, "")
            if target.support_level:
                kind = f"{kind} {levels[target.support_level]}"
            target.display_name = self.env._("%(kind)s in %(hours)s", kind=kind, hours=format_hours(target.hours))

    def _cs_key(self):
        self.ensure_one()
        return clock_key(self.kind, self.support_level)

    @api.constrains("hours", "warning_percent")
    def _check_values(self):
        for target in self:
            if not 0 < target.hours <= MAX_TARGET_HOURS:
                raise ValidationError(self.env._(
                    "An SLA target needs a positive number of working hours, at most %(max)s.",
                    max=MAX_TARGET_HOURS,
                ))
            if not 1 <= target.warning_percent <= 99:
                raise ValidationError(
                    self.env._("The warning threshold of an SLA target lies between 1 and 99 %.")
                )

    def write(self, vals):
        policies = self.policy_id
        res = super().write(vals)
        if {"kind", "policy_id"} & vals.keys():
            (policies | self.policy_id)._check_resolution_target()
        return res

    def unlink(self):
        policies = self.policy_id
        res = super().unlink()
        # removing the resolution target through the API asks for the same confirmation
        policies.exists()._check_resolution_target()
        return res

    @api.constrains("kind", "support_level", "hours")
    def _check_kind_level(self):
        messages = {
            "level_missing": self.env._("A Level Engagement target needs the support level it measures."),
            "level_not_allowed": self.env._(
                "Only Level Engagement targets have a support level; remove it from the other targets."),
            "periodic_too_short": self.env._("Periodic updates cannot be required more often than every 5 minutes."),
        }
        for target in self:
            error = target_error(target.kind, target.support_level, target.hours)
            if error:
                raise ValidationError(messages[error])
