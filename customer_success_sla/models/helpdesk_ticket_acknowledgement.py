import logging
import uuid

import psycopg2

from odoo import api, fields, models
from odoo.tools import formataddr

_logger = logging.getLogger(__name__)

CUSTOMER_CHANNELS = ("helpdesk_mgmt.helpdesk_ticket_channel_email", "helpdesk_mgmt.helpdesk_ticket_channel_web")


class HelpdeskTicket(models.Model):
    """The customer-facing acknowledgement of a new ticket."""

    _inherit = "helpdesk.ticket"

    cs_first_response_deadline = fields.Datetime(
        string="First Response Due", compute="_compute_cs_first_response_deadline"
    )

    cs_customer_tz = fields.Char(
        string="Customer Time Zone", compute="_compute_cs_customer_tz",
        help="Where the customer reads our times: the contact's time zone, else the company's, else "
        "the account's support hours', else the ticket's SLA hours'.",
    )

    @api.depends("partner_id.tz", "partner_id.commercial_partner_id.tz", "cs_sla_ids.calendar_id")
    def _compute_cs_customer_tz(self):
        for ticket in self:
            partner = ticket.partner_id
            ticket.cs_customer_tz = (
                partner.tz or partner.commercial_partner_id.tz or partner._cs_support_calendar().tz
                or ticket.sudo().cs_sla_ids[:1].calendar_id.tz or "UTC"
            )

    @api.depends("cs_sla_ids.deadline", "cs_sla_ids.kind")
    def _compute_cs_first_response_deadline(self):
        for ticket in self:
            deadlines = [c.deadline for c in ticket.cs_sla_ids if c.kind == "first_response" and c.deadline]
            ticket.cs_first_response_deadline = min(deadlines) if deadlines else False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # The acknowledgement, sent a moment later, and the agent's first
            # answer both link to the ticket's portal page. A token written
            # with the ticket spares each of them writing one, and spares
            # them a write conflict on the ticket when they run together.
            if not vals.get("access_token"):
                vals["access_token"] = str(uuid.uuid4())
        tickets = super().create(vals_list)
        # sent by a scheduled action, not in the request that files the ticket
        self.env["cs.ticket.acknowledgement"]._cs_queue(tickets._cs_to_acknowledge())
        return tickets

    def _cs_to_acknowledge(self):
        """The tickets customers sent (email, portal), to a contact with an
        email, of a team that acknowledges tickets."""
        channels = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in CUSTOMER_CHANNELS]
        return self.filtered(
            lambda t: t.channel_id in channels
            and t.partner_id.email
            and (not t.team_id or t.team_id.cs_send_acknowledgement)
        )

    def _cs_send_acknowledgement(self):
        """Acknowledge the tickets customers sent with their number and
        first-response deadline, in the customer's language and timezone;
        posted as an automatic message, it is no first response."""
        to_acknowledge = self._cs_to_acknowledge()
        template = self.env.ref("customer_success_sla.mail_template_ticket_acknowledgement", raise_if_not_found=False)
        if not template:
            return
        for ticket in to_acknowledge.sudo():
            ticket.message_post_with_source(
                template, message_type="auto_comment", subtype_xmlid="mail.mt_comment",
                **ticket._cs_acknowledgement_author(),
            )

    def _cs_send_acknowledgement_or_log(self):
        """Acknowledge this ticket; a ticket whose acknowledgement cannot be
        rendered (say, a template an administrator broke) is logged and left
        out, so that it does not hold back the tickets queued after it. A
        database error still fails the batch, which the next run sends again."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._cs_send_acknowledgement()
        except psycopg2.Error:
            raise
        except Exception:  # noqa: BLE001 -- any rendering error of one ticket; logged with its traceback
            _logger.exception("Ticket %s: the acknowledgement could not be sent", self.id)

    def _cs_acknowledgement_author(self):
        """The company answers, not whoever opened the ticket (the customer
        on the portal, the mail gateway's user)."""
        self.ensure_one()
        company = self.company_id.partner_id or self.env.company.partner_id
        email = company.email or self.env["ir.mail_server"]._get_default_from_address()
        return {"author_id": company.id, **({"email_from": formataddr((company.name, email))} if email else {})}
