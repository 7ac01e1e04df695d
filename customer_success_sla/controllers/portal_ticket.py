from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_ticket_access import portal_ticket
from .portal_title import page_title


class TicketServicePortal(CustomerPortal):
    @http.route("/my/ticket/<int:ticket_id>/solved", type="http", auth="user", methods=["POST"], website=True)
    def portal_ticket_solved(self, ticket_id, access_token=None, **kw):
        """The customer confirms the solution: the ticket moves to its team's
        solved stage (which resolves its SLA and asks for a rating), or waits
        for its knowledge article."""
        return self._cs_portal_action(ticket_id, access_token, lambda ticket: ticket._cs_portal_close())

    @http.route("/my/ticket/<int:ticket_id>/reopen", type="http", auth="user", methods=["POST"], website=True)
    def portal_ticket_reopen(self, ticket_id, access_token=None, **kw):
        return self._cs_portal_action(ticket_id, access_token, lambda ticket: ticket._cs_portal_reopen())

    def _cs_portal_action(self, ticket_id, access_token, action):
        ticket = portal_ticket(ticket_id, access_token)
        if not ticket:
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                action(ticket)
        except UserError as error:
            return request.render("customer_success_sla.portal_ticket_message", {
                "ticket": ticket, "message": error.args[0], "title": page_title(f"{ticket.number} {ticket.name}"),
            })
        return request.redirect(f"/my/ticket/{ticket.id}")
