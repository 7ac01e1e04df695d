from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class TicketServicePortal(CustomerPortal):
    def _cs_ticket(self, ticket_id, access_token=None):
        try:
            return self._document_check_access("helpdesk.ticket", ticket_id, access_token=access_token)
        except (AccessError, MissingError):
            return None

    @http.route("/my/ticket/<int:ticket_id>/solved", type="http", auth="user", methods=["POST"], website=True)
    def portal_ticket_solved(self, ticket_id, access_token=None, **kw):
        """The customer confirms the solution: the ticket moves to its team's
        first closed stage (which resolves its SLA and asks for a rating)."""
        ticket = self._cs_ticket(ticket_id, access_token)
        if not ticket:
            return request.redirect("/my")
        if not ticket.stage_id.closed:
            ticket._cs_portal_close()
        return request.redirect(f"/my/ticket/{ticket.id}")

    @http.route("/my/ticket/<int:ticket_id>/reopen", type="http", auth="user", methods=["POST"], website=True)
    def portal_ticket_reopen(self, ticket_id, access_token=None, **kw):
        ticket = self._cs_ticket(ticket_id, access_token)
        if not ticket:
            return request.redirect("/my")
        try:
            ticket._cs_portal_reopen()
        except UserError as error:
            return request.render("customer_success_sla.portal_ticket_message", {
                "ticket": ticket, "message": error.args[0],
            })
        return request.redirect(f"/my/ticket/{ticket.id}")
