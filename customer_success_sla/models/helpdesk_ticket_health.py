from odoo import models


class HelpdeskTicket(models.Model):
    """Health checks and service reports read an account's tickets by
    commercial partner and creation date: an index for them."""

    _inherit = "helpdesk.ticket"

    _cs_account_create_date_idx = models.Index("(commercial_partner_id, create_date)")
