from odoo import models


class HelpdeskTicket(models.Model):
    """A customer's answer puts a waiting ticket back to work.

    OCA ``helpdesk_ticket_partner_response`` moves the ticket when its own
    contact writes (portal or mail) in one of the team's source stages; here
    a colleague of the same company answering does too, and auto-replies
    never do. The stage change goes through ``write``, so leaving a pause
    stage resumes the SLA clocks."""

    _inherit = "helpdesk.ticket"

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        if not self.env.context.get("cs_skip_partner_response"):
            self._cs_wake_on_customer_reply(message)
        return res

    def _cs_wake_on_customer_reply(self, message):
        author = message.author_id
        if not author or message.message_type not in ("comment", "email"):
            return
        # sudo: the customer's message moves the ticket, as in the OCA module
        for ticket in self.sudo():
            team = ticket.team_id
            if not (team.autoupdate_ticket_stage and team.autopupdate_dest_stage_id
                    and ticket.stage_id in team.autopupdate_src_stage_ids):
                continue
            if (author.commercial_partner_id == ticket.commercial_partner_id
                    and ticket._cs_is_customer_message(message)):
                ticket.stage_id = team.autopupdate_dest_stage_id
