from odoo import api, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    """A ticket always says what it is about."""

    _inherit = "helpdesk.ticket"

    @api.constrains("name")
    def _check_cs_name_not_blank(self):
        if any(not (ticket.name or "").strip() for ticket in self):
            raise ValidationError(self.env._("A ticket needs a subject: it cannot be blank."))

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        # helpdesk_mgmt names a mail without subject "No Subject"; one whose
        # subject is only blanks must not be refused either.
        if not (msg_dict.get("subject") or "").strip():
            msg_dict["subject"] = self.env._("No Subject")
        return super().message_new(msg_dict, custom_values=custom_values)
