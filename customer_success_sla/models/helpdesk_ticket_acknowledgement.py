from odoo import api, fields, models

CUSTOMER_CHANNELS = ("helpdesk_mgmt.helpdesk_ticket_channel_email", "helpdesk_mgmt.helpdesk_ticket_channel_web")


class HelpdeskTicket(models.Model):
    """The customer-facing acknowledgement of a new ticket."""

    _inherit = "helpdesk.ticket"

    cs_first_response_deadline = fields.Datetime(
        string="First Response Due", compute="_compute_cs_first_response_deadline"
    )

    @api.depends("cs_sla_ids.deadline", "cs_sla_ids.kind")
    def _compute_cs_first_response_deadline(self):
        for ticket in self:
            deadlines = [c.deadline for c in ticket.cs_sla_ids if c.kind == "first_response" and c.deadline]
            ticket.cs_first_response_deadline = min(deadlines) if deadlines else False

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._cs_send_acknowledgement()
        return tickets

    def _cs_send_acknowledgement(self):
        """Tickets that customers send (email, portal) are acknowledged with
        their number and first-response deadline, in the customer's language
        and timezone; posted as an automatic message, it is no first response."""
        channels = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in CUSTOMER_CHANNELS]
        to_acknowledge = self.filtered(
            lambda t: t.channel_id in channels
            and t.partner_id.email
            and (not t.team_id or t.team_id.cs_send_acknowledgement)
        )
        template = self.env.ref("customer_success_sla.mail_template_ticket_acknowledgement", raise_if_not_found=False)
        if not template:
            return
        for ticket in to_acknowledge.sudo():
            ticket.message_post_with_source(
                template, message_type="auto_comment", subtype_xmlid="mail.mt_comment"
            )
