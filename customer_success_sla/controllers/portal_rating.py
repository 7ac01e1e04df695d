from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class TicketRatingPortal(CustomerPortal):
    @http.route("/my/ticket/<int:ticket_id>/rate/<int:rate>", type="http", auth="user", website=True)
    def portal_rate_ticket(self, ticket_id, rate, access_token=None, **kw):
        """Rate a closed ticket from the portal: only a ticket the visitor
        may see, then Odoo's own rating page (feedback and submit)."""
        try:
            ticket = self._document_check_access("helpdesk.ticket", ticket_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not ticket.stage_id.closed or rate not in (1, 3, 5):
            return request.redirect(f"/my/ticket/{ticket.id}")
        token = ticket._rating_get_access_token(partner=request.env.user.partner_id)
        return request.redirect(f"/rate/{token}/{rate}")
