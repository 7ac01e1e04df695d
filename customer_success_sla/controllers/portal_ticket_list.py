from odoo import fields, http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

from ..models.helpdesk_ticket_portal import PORTAL_LIST_FILTER
from .portal_title import page_title

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
        sortby, groupby, search_in, search, date_begin, date_end = self._cs_list_params(
            sortby, groupby, search_in, search, date_begin, date_end)
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
            response.qcontext.update(cs_scope=scope, cs_scope_available=company_view,
                                     title=page_title(request.env._("Tickets")))
        return response

    def _cs_list_params(self, sortby, groupby, search_in, search, date_begin, date_end):
        """The list's parameters as the page offers them: an unknown sort,
        grouping or search field is ignored (the defaults apply), so are
        dates that are not dates; NUL characters are dropped from the search."""
        if sortby not in self._ticket_get_searchbar_sortings():
            sortby = None
        if groupby not in self._ticket_get_searchbar_groupby():
            groupby = None
        if search_in not in self._ticket_get_searchbar_inputs():
            search_in = None
        search = search.replace("\x00", "") if isinstance(search, str) else None
        try:
            date_begin, date_end = (fields.Datetime.to_string(fields.Datetime.to_datetime(value)) or None
                                    for value in (date_begin, date_end))
        except (TypeError, ValueError):
            date_begin = date_end = None
        return sortby, groupby, search_in, search, date_begin, date_end

    def _cs_searchbar_filters(self, stage_filters):
        filters = {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {"label": request.env._("Open"), "domain": []},
            "closed": {"label": request.env._("Closed"), "domain": []},
        }
        filters.update((key, value) for key, value in stage_filters.items() if key != "all")
        return filters

    @staticmethod
    def _cs_relabel(entries, labels):
        """helpdesk_mgmt's labels, translated by this addon where it knows them."""
        for key, label in labels.items():
            if key in entries:
                entries[key]["label"] = label
        return entries

    def _ticket_get_searchbar_sortings(self):
        _ = request.env._
        sortings = self._cs_relabel(super()._ticket_get_searchbar_sortings(), {
            "date": _("Newest"), "name": _("Title"), "stage": _("Stage"), "update": _("Last Stage Update"),
        })
        sortings["priority"] = {"label": _("Priority"), "order": "priority desc, create_date desc", "sequence": 5}
        return sortings

    def _ticket_get_searchbar_groupby(self):
        _ = request.env._
        return self._cs_relabel(super()._ticket_get_searchbar_groupby(), {
            "none": _("None"), "category": _("Category"), "stage": _("Stage"),
        })

    def _ticket_get_searchbar_inputs(self):
        _ = request.env._
        return self._cs_relabel(super()._ticket_get_searchbar_inputs(), {
            "all": _("Search in All"), "number": _("Search in Number"), "name": _("Search in Title"),
        })
