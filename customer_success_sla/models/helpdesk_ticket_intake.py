from email.utils import parseaddr

from odoo import api, models
from odoo.tools import email_normalize

from ..engine import intake


class HelpdeskTicket(models.Model):
    """Intake by email: the sender becomes a contact of the right account so
    that its tier applies; new tickets are acknowledged to the customer."""

    _inherit = "helpdesk.ticket"

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        custom_values = dict(custom_values or {})
        email_channel = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email", raise_if_not_found=False)
        if email_channel:
            custom_values.setdefault("channel_id", email_channel.id)
        if not msg_dict.get("author_id"):
            # Updated in place: the mail gateway posts the first message with it.
            msg_dict["author_id"] = self._cs_partner_for_sender(msg_dict.get("email_from") or msg_dict.get("from")).id
        return super().message_new(msg_dict, custom_values=custom_values)

    @api.model
    def _cs_partner_for_sender(self, sender):
        """The contact for an email sender: found by address, else created
        under the account that uses the sender's company domain, else created
        alone (no tier). Never nothing: a mail is never dropped for its sender."""
        Partner = self.env["res.partner"].sudo()
        email = email_normalize(sender)
        if not email:
            return Partner
        existing = Partner.search([("email_normalized", "=", email)], limit=1)
        if existing:
            return existing
        name = parseaddr(sender)[0] or email
        values = {"name": name, "email": email}
        domain = intake.company_domain(email)
        if domain:
            colleague = Partner.search(
                [("email_normalized", "=like", f"%@{domain}"), ("commercial_partner_id.cs_tier_id", "!=", False)],
                order="is_company desc, id",
                limit=1,
            )
            if colleague:
                values["parent_id"] = colleague.commercial_partner_id.id
        return Partner.create(values)
