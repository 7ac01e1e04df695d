from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import service_notice

STATUS_HISTORY_DAYS = 90
STATUS_HISTORY_LIMIT = 50  # the page stays a few queries whatever the history size


class CsServiceComponent(models.Model):
    """The component's state on the public status page, and who follows it."""

    _inherit = "cs.service.component"

    subscription_ids = fields.One2many("cs.service.subscription", "component_id", string="Subscriptions")

    def _cs_component_states(self):
        """{component: state} among ``operational``, ``maintenance``,
        ``degraded`` and ``outage``. Here from in-progress maintenance notices;
        the problems module extends it with open major problems (call super,
        then keep the worse state with ``engine.service_notice.worst_state``)."""
        notices = self.env["cs.service.notice"].sudo().search([
            ("kind", "=", "maintenance"), ("state", "=", "in_progress"), ("component_ids", "in", self.ids),
        ])
        states = service_notice.component_states(self.ids, notices.component_ids.ids)
        return {component: states[component.id] for component in self}

    @api.model
    def _cs_status_page_values(self, now=None):
        """What the public status page shows, as plain dicts of whitelisted
        fields in the context language: components with their state, and the
        incidents and maintenance windows of the last 90 days and ahead.

        sudo: the page is public; only the fields below leave this method.
        Notices addressed to named accounts stay on their portal home."""
        now = now or fields.Datetime.now()
        components = self.sudo().search([])
        states = components._cs_component_states()
        Notice = self.env["cs.service.notice"].sudo()
        notices = Notice.search(
            Domain("is_published", "=", True) & Domain("state", "!=", "cancelled")
            & Domain("kind", "in", ["incident", "maintenance"]) & Domain("partner_ids", "=", False)
            & Domain("date_end", ">=", now - timedelta(days=STATUS_HISTORY_DAYS)),
            order="date_start desc, id desc", limit=STATUS_HISTORY_LIMIT)
        names = dict(zip(components.ids, components.mapped("name")))
        return {
            "components": [{
                "id": component.id, "name": component.name, "description": component.description or "",
                "state": states[component],
            } for component in components],
            "notices": [{
                "id": notice.id, "name": notice.name, "body": notice.body, "kind": notice.kind,
                "state": notice.state, "date_start": notice.date_start, "date_end": notice.date_end,
                "components": [names[id_] for id_ in notice.component_ids.ids if id_ in names],
            } for notice in notices],
        }
