from odoo import api, models

# Text the customer sends, from every door (portal, mail, live chat, API).
_CUSTOMER_TEXT_FIELDS = ("name", "description", "partner_name", "partner_email")
# The same text in the ticket's messages (a mail's subject and body).
_MESSAGE_TEXT_FIELDS = ("subject", "body")


def _without_nul(values, names=_CUSTOMER_TEXT_FIELDS):
    """NUL characters cannot be stored (PostgreSQL refuses them): a pasted
    or mailed text loses them rather than failing the ticket."""
    return {
        name: value.replace("\x00", "") if name in names and isinstance(value, str) else value
        for name, value in values.items()
    }


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([_without_nul(values) for values in vals_list])

    def write(self, vals):
        return super().write(_without_nul(vals))

    def message_post(self, **kwargs):
        return super().message_post(**_without_nul(kwargs, _MESSAGE_TEXT_FIELDS))
