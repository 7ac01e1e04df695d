from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _portal_message_format(self, properties_names, options=None):
        """A ticket's portal conversation carries no rating statistics:
        portal_rating would show the customer an average and a star
        distribution of the ticket's ratings, a back-office figure."""
        vals_list = super()._portal_message_format(properties_names, options=options)
        for message, values in zip(self, vals_list):
            if message.model == "helpdesk.ticket":
                values.pop("rating_stats", None)
        return vals_list
