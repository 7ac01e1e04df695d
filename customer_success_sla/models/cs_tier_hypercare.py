from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsTier(models.Model):
    """Hypercare: the first days after an account's go-live, with tighter
    targets (policies marked "Hypercare Only") and optionally its own team."""

    _inherit = "cs.tier"

    hypercare_days = fields.Integer(
        string="Hypercare (days)",
        default=0,
        help="Days after an account's go-live date during which its new tickets get the "
        "\"Hypercare Only\" SLA policies of this tier. 0: no hypercare.",
    )
    hypercare_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Hypercare Team",
        help="New tickets of accounts in hypercare go to this team. Empty: the tier's dedicated team.",
    )

    @api.constrains("hypercare_days")
    def _check_hypercare_days(self):
        for tier in self:
            if tier.hypercare_days < 0:
                raise ValidationError(self.env._(
                    "Tier %(tier)s: the hypercare lasts 0 days (no hypercare) or more, not %(days)s.",
                    tier=tier.name, days=tier.hypercare_days,
                ))
