from odoo import api, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.constrains("name")
    def _check_cs_name_not_blank(self):
        if any(not (ticket.name or "").strip() for ticket in self):
            raise ValidationError(self.env._("A ticket needs a subject: it cannot be blank."))
