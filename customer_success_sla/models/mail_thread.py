import logging

from odoo import api, models

from ..engine import intake

_logger = logging.getLogger(__name__)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        """Auto-replies never open a ticket (an out-of-office answering our
        acknowledgement would otherwise open another, and so on); replies to
        an existing ticket still reach it."""
        routes = super().message_route(message, message_dict, model, thread_id, custom_values)
        if not intake.is_auto_submitted(message):
            return routes
        kept = [route for route in routes if not (route[0] == "helpdesk.ticket" and not route[1])]
        if len(kept) != len(routes):
            _logger.info("Auto-submitted mail %s from %s: no new ticket.",
                         message_dict.get("message_id"), message_dict.get("email_from"))
        return kept

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        # A mail that must not move the ticket (an out-of-office answer is no
        # customer reply) wakes no waiting ticket on the message-post path either.
        if self._skip_ticket_stage_update_from_autoreply(message, message_dict, routes):
            self = self.with_context(cs_skip_partner_response=True)
        return super()._message_route_process(message, message_dict, routes)

    def _skip_ticket_stage_update_from_autoreply(self, message, message_dict, routes):
        """OCA helpdesk_ticket_partner_response's hook: auto-replies move no ticket."""
        return bool(message is not None and intake.is_auto_submitted(message)) or super(
        )._skip_ticket_stage_update_from_autoreply(message, message_dict, routes)
