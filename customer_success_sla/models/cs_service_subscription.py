from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsServiceSubscription(models.Model):
    """A customer contact following a component: notices naming it reach
    them too, when their account is in the notice's audience."""

    _name = "cs.service.subscription"
    _description = "Service Component Subscription"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    component_id = fields.Many2one("cs.service.component", required=True, ondelete="cascade", index=True)

    _partner_component_unique = models.Constraint(
        "UNIQUE(partner_id, component_id)", "This contact already follows this component.")

    @api.constrains("component_id")
    def _check_component_shown(self):
        # Checked here, not only by /status/subscribe: RPC reaches the model too.
        if self.filtered(lambda subscription: not subscription.sudo().component_id.active):
            raise ValidationError(self.env._("This component does not exist."))
