from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

from ..models.helpdesk_ticket_portal import PORTAL_LIST_FILTER

SCOPE_SESSION_KEY = "cs_portal_ticket_scope"


class CustomerSuccessTicketList(CustomerPortalHelpdesk):
    """helpdesk_mgmt's ticket list with open/closed filters, "mine or my
    company's" for contacts who see their company's tickets, and its
    labels translated by this addon (helpdesk_mgmt ships no Chinese)."""

    def _cs_sees_company_tickets(self):
        partner = request.env.user.partner_id
        return bool(partner.cs_admin_contact or partner.commercial_partner_id.cs_portal_company_view == "everyone")

    @http.route()
    def portal_my_tickets(self, page=1, date_begin=None, date_end=None, sortby=None, filterby=None,
                          search=None, search_in=None, groupby=None, scope=None, **kw):
        # The scope lives in the session so that the pager and sort links,
        # built by helpdesk_mgmt, keep it.
        if scope in ("mine", "company"):
            request.session[SCOPE_SESSION_KEY] = scope
        company_view = self._cs_sees_company_tickets()
        scope = request.session.get(SCOPE_SESSION_KEY, "company") if company_view else "mine"
        request.update_context(**{PORTAL_LIST_FILTER: {
            "scope": scope if company_view else None,
            "state": filterby if filterby in ("open", "closed") else None,
        }})
        response = super().portal_my_tickets(
            page=page, date_begin=date_begin, date_end=date_end, sortby=sortby, filterby=filterby,
            search=search, search_in=search_in, groupby=groupby, **kw)
        if getattr(response, "qcontext", None) is not None:
            response.qcontext["searchbar_filters"] = self._cs_searchbar_filters(response.qcontext["searchbar_filters"])
            response.qcontext.update(cs_scope=scope, cs_scope_available=company_view)
        return response

    def _cs_searchbar_filters(self, stage_filters):
        filters = {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {"label": request.env._("Open"), "domain": []},
            "closed": {"label": request.env._("Closed"), "domain": []},
        }
        filters.update((key, value) for key, value in stage_filters.items() if key != "all")
        return filters

    def _ticket_get_searchbar_sortings(self):
        sortings = super()._ticket_get_searchbar_sortings()
        labels = {
            "date": request.env._("Newest"),
            "name": request.env._("Title"),
            "stage": request.env._("Stage"),
            "update": request.env._("Last Stage Update"),
        }
        for key, label in labels.items():
            if key in sortings:
                sortings[key]["label"] = label
        sortings["priority"] = {
            "label": request.env._("Priority"), "order": "priority desc, create_date desc", "sequence": 5,
        }
        return sortings

    def _ticket_get_searchbar_groupby(self):
        groupbys = super()._ticket_get_searchbar_groupby()
        labels = {"none": request.env._("None"), "category": request.env._("Category"), "stage": request.env._("Stage")}
        for key, label in labels.items():
            if key in groupbys:
                groupbys[key]["label"] = label
        return groupbys

    def _ticket_get_searchbar_inputs(self):
        inputs = super()._ticket_get_searchbar_inputs()
        labels = {
            "all": request.env._("Search in All"),
            "number": request.env._("Search in Number"),
            "name": request.env._("Search in Title"),
        }
        for key, label in labels.items():
            if key in inputs:
                inputs[key]["label"] = label
        return inputs
