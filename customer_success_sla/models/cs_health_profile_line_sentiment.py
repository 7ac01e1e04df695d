from odoo import fields, models


class CsHealthProfileLine(models.Model):
    _inherit = "cs.health.profile.line"

    signal = fields.Selection(
        selection_add=[("negative_messages", "Negative customer messages (30 days, %)")],
        ondelete={"negative_messages": "cascade"},
    )
