from odoo import fields, models


class MailActivityPlan(models.Model):
    """Plan names translatable: this addon ships onboarding and health
    playbooks that CSMs see in their own language."""

    _inherit = "mail.activity.plan"

    name = fields.Char(translate=True)
