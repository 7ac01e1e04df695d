from odoo import fields, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    cs_sentiment_score = fields.Float(
        string="Sentiment Score", readonly=True, copy=False, groups="base.group_user",
        help="Mood of a customer's message on a ticket, from -1 (very negative) to 1; empty on other messages.")
