from odoo import api, fields, models

from ..engine import priority_matrix
from .cs_priority_rule import IMPACT_SELECTION, URGENCY_SELECTION

SUPPORT_LEVEL_SELECTION = [
    ("l1", "L1 - First Line"),
    ("l2", "L2 - Engineer"),
    ("l3", "L3 - Expert"),
]


class HelpdeskTicket(models.Model):
    """Classification: the customer's tier, impact × urgency → priority,
    and the support level working on the ticket.

    The new fields are required in the views only: a NOT NULL column would
    break code that creates tickets without this addon loaded (helpdesk_mgmt's
    own at-install tests run that way on a database where it is installed).
    """

    _inherit = "helpdesk.ticket"

    cs_tier_id = fields.Many2one(
        "cs.tier",
        string="Customer Tier",
        compute="_compute_cs_tier_id",
        store=True,
        index="btree_not_null",
        tracking=True,
    )
    cs_impact = fields.Selection(
        IMPACT_SELECTION,
        string="Impact",
        default="user",
        tracking=True,
        help="Who is affected: one user, a team, or the whole company.",
    )
    cs_urgency = fields.Selection(
        URGENCY_SELECTION,
        string="Urgency",
        default="medium",
        tracking=True,
        help="How soon the customer needs a fix.",
    )
    # No default: the matrix decides unless a priority is given explicitly.
    priority = fields.Selection(
        default=None,
        compute="_compute_priority",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    cs_support_level = fields.Selection(
        SUPPORT_LEVEL_SELECTION,
        string="Support Level",
        default="l1",
        index=True,
        tracking=True,
    )

    @api.depends("commercial_partner_id.cs_tier_id")
    def _compute_cs_tier_id(self):
        for ticket in self:
            ticket.cs_tier_id = ticket.commercial_partner_id.cs_tier_id

    @api.depends("cs_impact", "cs_urgency")
    def _compute_priority(self):
        matrix = self.env["cs.priority.rule"]._get_matrix()
        for ticket in self:
            ticket.priority = priority_matrix.resolve_priority(
                matrix, ticket.cs_impact, ticket.cs_urgency, default=ticket.priority or "1"
            )
