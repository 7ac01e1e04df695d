from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.portal.controllers.portal_thread import PortalChatter

from .portal_title import page_title

# as many messages as the portal chatter shows before "load more"
CONVERSATION_SIZE = 30


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
        # the number the customer's mails and ticket list give
        values["title"] = page_title(f"{ticket.number} {ticket.name}")
        values["cs_messages"] = self._cs_conversation(ticket)
        values["cs_tz"] = request.env.user.tz or "UTC"
        return values

    def _cs_conversation(self, ticket_sudo):
        """The messages the portal chatter shows first (newest first), chosen
        as it chooses them, so that the page carries the conversation before
        the chatter's scripts have loaded. Never an internal note."""
        field = ticket_sudo._fields["website_message_ids"]
        Message = request.env["mail.message"]
        domain = (Domain(field.get_comodel_domain(ticket_sudo)) & Domain("res_id", "=", ticket_sudo.id)
                  & Domain("subtype_id", "=", request.env.ref("mail.mt_comment").id)
                  & PortalChatter()._get_non_empty_message_domain() & Message._get_search_domain_share())
        # sudo: the ticket's access was checked (login or token), as the chatter does with a token
        return Message.sudo().search(domain, limit=CONVERSATION_SIZE, order="id desc")
