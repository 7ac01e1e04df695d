from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import kpi

KPI_SELECTION = [
    ("first_response_minutes", "Average First Response (minutes)"),
    ("fcr_rate", "First-Contact Resolution (%)"),
    ("csat", "CSAT (1-5)"),
    ("repeat_rate", "Repeat Tickets (%)"),
    ("sla_compliance", "SLA Compliance (%)"),
    ("resolution_hours", "Average Resolution (working hours)"),
    ("backlog", "Open Tickets"),
]


class CsKpiTarget(models.Model):
    """The target of a service KPI on the managers' dashboard."""

    _name = "cs.kpi.target"
    _description = "Service KPI Target"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    code = fields.Selection(KPI_SELECTION, string="KPI", required=True)
    target = fields.Float(required=True, digits=(16, 2))
    direction = fields.Selection(
        [("below", "At most"), ("above", "At least")], compute="_compute_direction", string="Good When",
    )

    _code_unique = models.Constraint("UNIQUE(code)", "Each KPI has one target.")

    @api.depends("code")
    def _compute_direction(self):
        for target in self:
            target.direction = kpi.KPI_DEFINITIONS[target.code][0] if target.code else False

    @api.constrains("code", "target")
    def _check_target(self):
        labels = dict(self._fields["code"]._description_selection(self.env))
        for target in self:
            try:
                kpi.check_target(target.code, target.target)
            except kpi.TargetOutOfRange as error:
                raise ValidationError(self.env._(
                    "The target %(value)s cannot be reached by %(kpi)s: times and counts are never negative, "
                    "rates lie between 0 and 100 %%, CSAT between 1 and 5.",
                    value=target.target, kpi=labels[target.code],
                )) from error

    @api.model
    def _cs_targets(self):
        targets = {code: default for code, (_direction, default, _kind) in kpi.KPI_DEFINITIONS.items()}
        targets.update({target.code: target.target for target in self.sudo().search([])})
        return targets
