from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.portal.controllers.portal import CustomerPortal

MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id is not one


def portal_ticket(ticket_id, access_token=None):
    """The ticket (sudo) when the visitor may read it or holds its access
    token, the portal's own check; None otherwise or for a bad id."""
    if not str(ticket_id or "").isdigit() or int(ticket_id) > MAX_ID:
        return None
    try:
        return CustomerPortal()._document_check_access("helpdesk.ticket", int(ticket_id), access_token=access_token)
    except (AccessError, MissingError):
        return None


def portal_close_stages(ticket_sudo):
    """The closing stages the ticket's page offers: those marked "close from
    portal" among the stages of the ticket's team (or of no team)."""
    if ticket_sudo.team_id:
        stages = ticket_sudo.team_id._get_applicable_stages()
    else:
        stages = request.env["helpdesk.ticket.stage"].sudo().search(
            [("company_id", "in", [False, ticket_sudo.company_id.id]), ("team_ids", "=", False)])
    return stages.filtered("close_from_portal")


class TicketCloseController(HelpdeskTicketController):
    @http.route(methods=["POST"], csrf=True)
    def support_ticket_close(self, ticket_id=None, stage_id=None, access_token=None, **kw):
        """helpdesk_mgmt's close buttons: by POST with its CSRF token, on a
        ticket the visitor may read (or holds the token of), to a stage its
        page offers. Anything else changes nothing."""
        ticket = portal_ticket(ticket_id, access_token)
        if not ticket:
            return request.redirect("/my")
        stage = portal_close_stages(ticket).filtered(lambda stage: str(stage.id) == str(stage_id or ""))
        if stage and not ticket.closed_date:
            try:
                with request.env.cr.savepoint():
                    if ticket._cs_missing_article():
                        # the customer's word counts; the article is the agents' business
                        ticket._cs_portal_close()
                    else:
                        ticket.stage_id = stage
            except UserError as error:
                return request.render("customer_success_sla.portal_ticket_message", {
                    "ticket": ticket, "message": error.args[0],
                })
        url = f"/my/ticket/{ticket.id}"
        # 302 as helpdesk_mgmt answers (its clients and tests expect it)
        return request.redirect(f"{url}/{access_token}" if access_token else url, code=302)
