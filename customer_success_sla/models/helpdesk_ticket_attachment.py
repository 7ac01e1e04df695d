from odoo import models
from odoo.exceptions import UserError

from ..engine import portal_files

# Pending files (uploaded before their message exists) wait on these models.
_PENDING_MODELS = ("mail.compose.message", "mail.scheduled.message")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _cs_portal_attachments(self):
        """The files a customer sees on the ticket's page: its own and those
        of messages customers see, not those of internal notes."""
        self.ensure_one()
        # sudo: customers have no access to attachments themselves, only by token
        attachments = self.sudo().attachment_ids
        return attachments - attachments._cs_internal_message_attachments()

    def _process_attachments_for_post(self, attachments, attachment_ids, message_values):
        """Every file a customer links to a ticket's message is checked here,
        whichever thread it was uploaded to (a pending upload on a live chat
        skips the ticket's upload check)."""
        if not self.env.user._is_internal():
            self._cs_check_customer_files(attachments, attachment_ids)
        return super()._process_attachments_for_post(attachments, attachment_ids, message_values)

    def _cs_check_customer_files(self, attachments, attachment_ids):
        files = []
        if attachment_ids:
            # sudo: the customer's own pending uploads, the only ones mail links for them
            pending = self.env["ir.attachment"].sudo().browse(attachment_ids).exists().filtered(
                lambda attachment: attachment.res_model in _PENDING_MODELS
                and attachment.create_uid.id == self.env.uid)
            files += [(attachment.name, attachment.file_size, (attachment.raw or b"")[:portal_files.HEAD_BYTES])
                      for attachment in pending]
        for attachment in attachments or []:
            name, content = attachment[0], attachment[1] if len(attachment) > 1 else b""
            if isinstance(content, str):
                content = content.encode()
            if isinstance(content, bytes):
                files.append((name, len(content), content[:portal_files.HEAD_BYTES]))
        for name, size, head in files:
            error = self._cs_portal_attachment_error(name or "", size, head)
            if error:
                raise UserError(error)
