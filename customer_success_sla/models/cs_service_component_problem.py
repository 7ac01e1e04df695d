from odoo import models

from ..engine import service_notice


class CsServiceComponent(models.Model):
    """Open major problems put their components in outage (critical) or
    degraded on the status page."""

    _inherit = "cs.service.component"

    def _cs_component_states(self):
        states = super()._cs_component_states()
        # sudo: the status page is public; only the state leaves this method.
        problems = self.env["cs.problem"].sudo().search([
            ("is_major", "=", True), ("state", "!=", "resolved"), ("component_ids", "in", self.ids),
        ])
        hit = {}
        for problem in problems:
            state = "outage" if problem.severity == "critical" else "degraded"
            for component_id in problem.component_ids.ids:
                hit.setdefault(component_id, []).append(state)
        return {
            component: service_notice.worst_state([states[component], *hit.get(component.id, [])])
            for component in self
        }
