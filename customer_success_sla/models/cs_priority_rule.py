from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from ..engine import priority_matrix

IMPACT_SELECTION = [
    ("user", "One user"),
    ("team", "A team"),
    ("company", "The whole company"),
]
URGENCY_SELECTION = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
]


class CsPriorityRule(models.Model):
    """One cell of the impact × urgency → priority matrix."""

    _name = "cs.priority.rule"
    _inherit = ["cs.input.check"]
    _description = "Ticket Priority Matrix Cell"
    _order = "impact_sequence, urgency_sequence"

    impact = fields.Selection(IMPACT_SELECTION, required=True)
    urgency = fields.Selection(URGENCY_SELECTION, required=True)
    priority = fields.Selection(
        selection=lambda self: self.env["helpdesk.ticket"]._fields["priority"].selection,
        required=True,
    )
    impact_sequence = fields.Integer(compute="_compute_sequences", store=True)
    urgency_sequence = fields.Integer(compute="_compute_sequences", store=True)

    _cell_unique = models.Constraint(
        "UNIQUE(impact, urgency)",
        "The priority matrix already has a cell for this impact and urgency.",
    )

    @api.depends("impact", "urgency")
    def _compute_sequences(self):
        for rule in self:
            rule.impact_sequence = priority_matrix.IMPACTS.index(rule.impact) if rule.impact else 0
            rule.urgency_sequence = (
                priority_matrix.URGENCIES.index(rule.urgency) if rule.urgency else 0
            )

    def write(self, vals):
        res = super().write(vals)
        if {"impact", "urgency"} & set(vals):
            self._check_matrix_complete()
        return res

    def unlink(self):
        res = super().unlink()
        # Uninstalling removes the whole matrix with the addon: nothing is left to keep complete.
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            self._check_matrix_complete()
        return res

    @api.model
    def _get_matrix(self):
        """The matrix as {(impact, urgency): priority}, read in one query."""
        return {
            (rule.impact, rule.urgency): rule.priority
            for rule in self.sudo().search_fetch([], ["impact", "urgency", "priority"])
        }

    @api.model
    def _check_matrix_complete(self):
        missing = priority_matrix.missing_cells(self._get_matrix())
        if missing:
            impacts = dict(self._fields["impact"]._description_selection(self.env))
            urgencies = dict(self._fields["urgency"]._description_selection(self.env))
            cells = ", ".join(
                f"{impacts[impact]} × {urgencies[urgency]}" for impact, urgency in missing
            )
            raise ValidationError(
                self.env._(
                    "The priority matrix must have a priority for every impact and "
                    "urgency. Missing: %(cells)s.",
                    cells=cells,
                )
            )
