from odoo import fields, models


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    cs_requires_article = fields.Boolean(
        string="Requires a Knowledge Article",
        help="Tickets of this category close only once a knowledge article was created from them.",
    )
