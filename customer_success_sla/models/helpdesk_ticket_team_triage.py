from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    cs_emotion_routing = fields.Boolean(
        string="Emotion-Aware Routing", default=True,
        help="Upset customers go to agents with the de-escalation skill first; a very negative message on a "
             "VIP ticket raises its priority once and alerts the account's CSM.")
