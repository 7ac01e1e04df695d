from odoo import models
from odoo.fields import Domain


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _cs_internal_message_attachments(self):
        """Those of these attachments posted on messages customers do not
        see (internal notes, by mail's own "shared" rule) and on none they see.

        Their record (the ticket) is linked like the customer's own files, so
        a customer who may read the ticket must be refused them explicitly."""
        attachments = self.filtered(
            lambda attachment: attachment.res_model and attachment.res_id and not attachment.res_field)
        if not attachments:
            return self.browse()
        # sudo: every message of the documents counts, whichever the visitor may read
        Message = self.env["mail.message"].sudo()
        linked = Domain("attachment_ids", "in", attachments.ids)
        shared = Message._get_search_domain_share()
        hidden_ids = set(Message.search(linked & ~shared).attachment_ids.ids)
        if hidden_ids:
            hidden_ids -= set(Message.search(linked & shared).attachment_ids.ids)
        return self.browse([attachment_id for attachment_id in attachments.ids if attachment_id in hidden_ids])
