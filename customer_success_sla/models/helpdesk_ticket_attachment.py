from odoo import models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _cs_portal_attachments(self):
        """The files a customer sees on the ticket's page: its own and those
        of messages customers see, not those of internal notes."""
        self.ensure_one()
        # sudo: customers have no access to attachments themselves, only by token
        attachments = self.sudo().attachment_ids
        return attachments - attachments._cs_internal_message_attachments()
