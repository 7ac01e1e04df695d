from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import service_notice
from .cs_service_component_status import STATUS_HISTORY_DAYS, STATUS_HISTORY_LIMIT


class CsServiceComponent(models.Model):
    """Open major problems put their components in outage (critical) or
    degraded on the status page, and show in its incident history."""

    _inherit = "cs.service.component"

    def _cs_component_states(self):
        states = super()._cs_component_states()
        # sudo: the status page is public; only the state leaves this method.
        problems = self.env["cs.problem"].sudo().search_fetch([
            ("is_major", "=", True), ("state", "!=", "resolved"), ("component_ids", "in", self.ids),
        ], ["severity", "component_ids"])
        hit = {}
        for problem in problems:
            state = "outage" if problem.severity == "critical" else "degraded"
            for component_id in problem.component_ids.ids:
                hit.setdefault(component_id, []).append(state)
        return {
            component: service_notice.worst_state([states[component], *hit.get(component.id, [])])
            for component in self
        }

    @api.model
    def _cs_status_page_values(self, now=None):
        """Adds ``incidents``: the major problems open now or resolved in the
        last 90 days, newest first, as plain dicts of public fields only
        (name, customer summary in the context language, state, start,
        resolution date, component names): never the internal description,
        the accounts or the tickets. Two queries whatever the history."""
        now = now or fields.Datetime.now()
        values = super()._cs_status_page_values(now=now)
        # sudo: the page is public; only the fields below leave this method.
        problems = self.env["cs.problem"].sudo().search_fetch(
            Domain("is_major", "=", True)
            & (Domain("state", "!=", "resolved")
               | Domain("resolved_date", ">=", now - timedelta(days=STATUS_HISTORY_DAYS))),
            ["name", "customer_summary", "state", "create_date", "resolved_date", "component_ids"],
            order="create_date desc, id desc", limit=STATUS_HISTORY_LIMIT)
        names = {component["id"]: component["name"] for component in values["components"]}
        values["incidents"] = [{
            "id": problem.id, "name": problem.name, "summary": problem.customer_summary or "",
            "state": problem.state, "date_start": problem.create_date,
            "date_resolved": problem.resolved_date if problem.state == "resolved" else False,
            "components": [names[id_] for id_ in problem.component_ids.ids if id_ in names],
        } for problem in problems]
        return values
