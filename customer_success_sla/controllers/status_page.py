from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.tools import format_datetime

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_title import page_title



class CustomerSuccessStatusPage(CustomerPortal):
    """The public status page and the notices on the portal home."""

    def _cs_visitor_tz(self):
        """The visitor's time zone, else their account's support hours' one;
        UTC for anonymous visitors."""
        user = request.env.user
        if user._is_public():
            return "UTC"
        return user.tz or user.partner_id._cs_support_calendar().tz or "UTC"

    def _cs_status_values(self, **extra):
        env = request.env
        tz = self._cs_visitor_tz()
        page = env["cs.service.component"]._cs_status_page_values()
        labels = {
            "operational": env._("Operational"), "maintenance": env._("Under maintenance"),
            "degraded": env._("Degraded performance"), "outage": env._("Outage"),
        }
        for component in page["components"]:
            component["state_label"] = labels[component["state"]]
        kinds = dict(env["cs.service.notice"]._fields["kind"]._description_selection(env))
        states = dict(env["cs.service.notice"]._fields["state"]._description_selection(env))
        for notice in page["notices"]:
            notice["kind_label"] = kinds[notice["kind"]]
            notice["state_label"] = states[notice["state"]]
            notice["start"] = format_datetime(env, notice["date_start"], tz=tz, dt_format="medium")
            notice["end"] = format_datetime(env, notice["date_end"], tz=tz, dt_format="medium")
        problem_states = dict(env["cs.problem"]._fields["state"]._description_selection(env))
        for incident in page.get("incidents", []):
            incident["state_label"] = problem_states[incident["state"]]
            incident["start"] = format_datetime(env, incident["date_start"], tz=tz, dt_format="medium")
            incident["end"] = (format_datetime(env, incident["date_resolved"], tz=tz, dt_format="medium")
                               if incident["date_resolved"] else "")
        subscribed = set()
        can_subscribe = not env.user._is_public() and env.user.has_group("base.group_portal")
        if can_subscribe:
            subscribed = set(env["cs.service.subscription"].search(
                [("partner_id", "=", env.user.partner_id.id)]).component_id.ids)
        return {
            **page, "tz": tz, "subscribed": subscribed, "can_subscribe": can_subscribe,
            "all_operational": all(c["state"] == "operational" for c in page["components"]),
            "title": page_title(env._("Service Status")), **extra,
        }

    @http.route("/status", type="http", auth="public", website=True, sitemap=True, readonly=True)
    def cs_status_page(self, **kw):
        return request.render("customer_success_sla.status_page", self._cs_status_values())

    @http.route("/status/subscribe", type="http", auth="user", methods=["POST"], website=True, sitemap=False)
    def cs_status_subscribe(self, component_id=None, unsubscribe=None, **kw):
        """Follow (or stop following) a component; only components the page
        shows can be followed."""
        env = request.env
        if not env.user.has_group("base.group_portal"):
            raise NotFound()
        try:
            component_id = int(component_id)
        except (TypeError, ValueError):
            component_id = 0
        shown = {c["id"] for c in env["cs.service.component"]._cs_status_page_values()["components"]}
        if component_id not in shown:
            values = self._cs_status_values(error=env._("This component does not exist."))
            return request.render("customer_success_sla.status_page", values, status=404)
        Subscription = env["cs.service.subscription"]
        mine = Subscription.search([("partner_id", "=", env.user.partner_id.id), ("component_id", "=", component_id)])
        if unsubscribe:
            mine.unlink()
        elif not mine:
            Subscription.create({"partner_id": env.user.partner_id.id, "component_id": component_id})
        return request.redirect("/status")

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        if getattr(response, "qcontext", None) is not None:
            notices = request.env["cs.service.notice"]._cs_portal_notices()
            tz = self._cs_visitor_tz()
            response.qcontext["cs_notices"] = [{
                "notice": notice, "tz": tz,
                "start": format_datetime(request.env, notice.date_start, tz=tz, dt_format="medium"),
                "end": format_datetime(request.env, notice.date_end, tz=tz, dt_format="medium"),
            } for notice in notices]
        return response
