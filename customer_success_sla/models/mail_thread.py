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
