from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

from .portal_ticket_access import portal_ticket
from .portal_title import page_title


class TicketCloseController(HelpdeskTicketController):
    @http.route(methods=["POST"], csrf=True)
    def support_ticket_close(self, ticket_id=None, stage_id=None, access_token=None, **kw):
        """helpdesk_mgmt's close buttons: by POST with its CSRF token, on a
        ticket the visitor may read (or holds the token of), to a stage its
        page offers; the same closing as "My problem is solved". Anything
        else changes nothing."""
        ticket = portal_ticket(ticket_id, access_token)
        if not ticket:
            return request.redirect("/my")
        stage = ticket._cs_portal_close_stages().filtered(lambda stage: str(stage.id) == str(stage_id or ""))
        if stage:
            try:
                with request.env.cr.savepoint():
                    ticket._cs_portal_close(stage)
            except UserError as error:
                return request.render("customer_success_sla.portal_ticket_message", {
                    "ticket": ticket, "message": error.args[0],
                    "title": page_title(f"{ticket.number} {ticket.name}"),
                })
        url = f"/my/ticket/{ticket.id}"
        # 302 as helpdesk_mgmt answers (its clients and tests expect it)
        return request.redirect(f"{url}/{access_token}" if access_token else url, code=302)
