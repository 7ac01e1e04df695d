from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


class TicketPagePortal(CustomerPortalHelpdesk):
    @http.route()
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        """helpdesk_mgmt's ticket page, which tokenised every file of the
        ticket: only those the customer sees (not internal notes') get a
        download token."""
        try:
            ticket_sudo = self._document_check_access("helpdesk.ticket", ticket_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        attachments = ticket_sudo._cs_portal_attachments()
        attachments.generate_access_token()
        values = self._ticket_get_page_view_values(ticket_sudo, access_token, **kw)
        values["cs_portal_attachments"] = attachments
        return request.render("helpdesk_mgmt.portal_helpdesk_ticket_page", values)

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        # the close buttons offer what /ticket/close accepts: one rule, the model's
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values["closed_stages"] = ticket._cs_portal_close_stages()
        return values
