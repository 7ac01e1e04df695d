from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

from .portal_attachment import portal_attachment_errors
from .portal_title import page_title


def _clean_text(value):
    """NUL characters cannot be stored (PostgreSQL refuses them): a pasted
    binary fragment loses them instead of failing the customer's ticket."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def _offered_id(value, offered):
    """The record of ``offered`` whose id was posted, False when none was
    posted, None when the value is not one of them (or not an id at all)."""
    if value in (None, "", False):
        return False
    value = str(value).strip()
    if not value.isdigit():
        return None
    return offered.filtered(lambda record: record.id == int(value)) or None


def _of_current_company(record):
    return not record.company_id or record.company_id == request.env.company


class CustomerSuccessTicketController(HelpdeskTicketController):
    def _prepare_submit_ticket_vals(self, **kw):
        """Impact and urgency from the portal form; anything outside the
        lists keeps the defaults rather than failing the customer's ticket."""
        vals = super()._prepare_submit_ticket_vals(**kw)
        fields = request.env["helpdesk.ticket"]._fields
        for field_name in ("cs_impact", "cs_urgency"):
            if kw.get(field_name) in dict(fields[field_name].selection):
                vals[field_name] = kw[field_name]
        return vals

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        values["title"] = page_title(request.env._("New Ticket"))
        return values

    # The form offers the teams and categories of the visitor's company (or
    # shared): the submission is checked against the same lists.
    def _get_teams(self):
        teams = super()._get_teams()
        return teams if teams is False else teams.filtered(_of_current_company)

    def _get_categories(self, **kw):
        return super()._get_categories(**kw).filtered(_of_current_company)

    def _cs_portal_categories(self):
        """The categories a ticket may be filed under: those shown on the
        portal, of the visitor's company or shared, whether or not the
        company lets the form list them (helpdesk_mgmt then still takes a
        posted category)."""
        return request.env["helpdesk.ticket.category"].search(
            [("show_in_portal", "=", True), ("company_id", "in", [False, request.env.company.id])])

    def _cs_submission_errors(self, kw):
        """What the customer must correct before the ticket is filed: a
        subject, a team and a category among those the form offers, files
        that may be attached."""
        _ = request.env._
        errors = []
        if not (kw.get("subject") or "").strip():
            errors.append(_("Please give your ticket a subject."))
        if _offered_id(kw.get("category"), self._cs_portal_categories()) is None:
            errors.append(_("The category you chose is not available: please choose one from the list."))
        teams = self._get_teams()
        if teams is not False and _offered_id(kw.get("team"), teams) is None:
            errors.append(_("The team you chose is not available: please choose one from the list."))
        return errors + portal_attachment_errors(request.httprequest.files.getlist("attachment"))

    @http.route(methods=["POST"])
    def submit_ticket(self, **kw):
        """Filed by POST only (a link cannot file a ticket for the customer).
        Refused with the form given back, as typed, when something is wrong;
        a ticket filed after reading suggested articles was not deflected."""
        kw = {key: _clean_text(value) for key, value in kw.items()}
        errors = self._cs_submission_errors(kw)
        if errors:
            values = self._get_create_new_ticket_values(**kw)
            values.update(cs_errors=errors, cs_values=kw)
            return request.render("helpdesk_mgmt.portal_create_ticket", values)
        kw["subject"] = kw["subject"].strip()
        response = super().submit_ticket(**kw)
        ticket_id = response.location.rstrip("/").rsplit("/", 1)[-1] if response.location else ""
        if ticket_id.isdigit():
            Deflection = request.env["cs.knowledge.deflection"]
            Deflection._cs_link_ticket(Deflection._cs_session_key(request.session.sid),
                                       request.env["helpdesk.ticket"].sudo().browse(int(ticket_id)))
        return response
