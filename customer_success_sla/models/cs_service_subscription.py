from odoo import fields, models


class CsServiceSubscription(models.Model):
    """A customer contact following a component: notices naming it reach
    them too, when their account is in the notice's audience."""

    _name = "cs.service.subscription"
    _description = "Service Component Subscription"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    component_id = fields.Many2one("cs.service.component", required=True, ondelete="cascade", index=True)

    _partner_component_unique = models.Constraint(
        "UNIQUE(partner_id, component_id)", "This contact already follows this component.")
