from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.sla_policy import PolicyCriteria, match_policy

# What the escalation cycle detection reads of a policy (see _cs_criteria;
# the priority is left out there: escalations may raise it).
CYCLE_FIELDS = ("active", "sequence", "company_id", "tier_ids", "team_ids", "category_ids")


class CsSlaPolicy(models.Model):
    """A service-level agreement: which tickets it covers (tier, priority,
    team, category), on which working calendar its clocks run, and its
    targets. The first matching policy by sequence applies to a ticket."""

    _name = "cs.sla.policy"
    _description = "SLA Policy"
    _inherit = ["mail.thread", "cs.input.check"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", help="Empty: tickets of every company.")
    description = fields.Html(translate=True)
    tier_ids = fields.Many2many("cs.tier", string="Customer Tiers", help="Empty: every tier, and no tier.")
    priority = fields.Selection(
        selection=lambda self: self.env["helpdesk.ticket"]._fields["priority"].selection,
        help="Empty: any priority.",
        tracking=True,
    )
    team_ids = fields.Many2many("helpdesk.ticket.team", string="Teams", help="Empty: every team.")
    category_ids = fields.Many2many(
        "helpdesk.ticket.category", string="Categories", help="Empty: every category."
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        help="Calendar the clocks run on. Empty: the customer tier's support hours, "
        "then the company's working hours.",
    )
    pause_stage_ids = fields.Many2many(
        "helpdesk.ticket.stage",
        string="Pause Stages",
        help="While a ticket is in one of these stages, its clocks stop.",
    )
    hypercare_only = fields.Boolean(
        string="Hypercare Only",
        tracking=True,
        help="Only tickets opened while the account is in hypercare: less than its tier's hypercare "
        "days after its go-live date. Give such a policy a lower sequence than the tier's others.",
    )
    target_ids = fields.One2many("cs.sla.target", "policy_id", string="Targets", copy=True)
    ticket_sla_count = fields.Integer(compute="_compute_ticket_sla_count", string="Clocks")

    def _compute_ticket_sla_count(self):
        counts = dict(
            self.env["cs.ticket.sla"]._read_group(
                [("policy_id", "in", self.ids)], ["policy_id"], ["__count"]
            )
        )
        for policy in self:
            policy.ticket_sla_count = counts.get(policy, 0)

    @api.constrains("pause_stage_ids")
    def _check_pause_stage_ids(self):
        for policy in self:
            closed = policy.pause_stage_ids.filtered("closed")
            if closed:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: a closed stage cannot pause the clocks "
                        "(%(stages)s): reaching a closed stage resolves the ticket.",
                        policy=policy.name,
                        stages=", ".join(closed.mapped("name")),
                    )
                )

    @api.constrains(*CYCLE_FIELDS)
    def _check_team_cycle(self):
        """A policy edit can close a cycle of escalation team moves as an
        escalation edit can: refuse it the same way."""
        self.env["cs.sla.escalation"]._cs_check_team_cycles(policies=self)

    def write(self, vals):
        res = super().write(vals)
        if set(CYCLE_FIELDS) & vals.keys():
            # the moves change: a cycle that comes back is reported again
            rules = self.env["cs.sla.escalation"].sudo().search(
                [("policy_id", "in", self.ids), ("cycle_reported", "=", True)])
            rules.cycle_reported = False
        return res

    @api.constrains("resource_calendar_id")
    def _check_resource_calendar_id(self):
        for policy in self.filtered("resource_calendar_id"):
            if not policy.resource_calendar_id._cs_weekly_hours():
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the working hours %(calendar)s have no working "
                        "time, so its clocks could never end.",
                        policy=policy.name,
                        calendar=policy.resource_calendar_id.name,
                    )
                )

    @api.model
    def _cs_criteria(self, policies):
        return [
            PolicyCriteria(
                policy_id=policy.id,
                sequence=policy.sequence,
                company_id=policy.company_id.id or None,
                tier_ids=frozenset(policy.tier_ids.ids),
                priority=policy.priority or None,
                team_ids=frozenset(policy.team_ids.ids),
                category_ids=frozenset(policy.category_ids.ids),
                hypercare_only=policy.hypercare_only,
            )
            for policy in policies
        ]

    @api.model
    def _match_tickets(self, tickets):
        """{ticket: policy} for the tickets that a policy covers, from one
        read of the active policies."""
        # A policy without targets would take tickets and give them no clock:
        # it takes none, the next matching policy applies.
        policies = self.search([("target_ids", "!=", False)])
        criteria = self._cs_criteria(policies)
        matches = {}
        for ticket in tickets:
            policy_id = match_policy(
                criteria,
                {
                    "company_id": ticket.company_id.id,
                    "tier_id": ticket.cs_tier_id.id,
                    "priority": ticket.priority,
                    "team_id": ticket.team_id.id,
                    "category_id": ticket.category_id.id,
                    "in_hypercare": self._cs_in_hypercare(ticket),
                },
            )
            if policy_id:
                matches[ticket] = policies.browse(policy_id)
        return matches

    @api.model
    def _cs_in_hypercare(self, ticket):
        """Whether the ticket was opened during its account's hypercare: the
        day it was opened counts, so that a later re-match (priority, team…)
        after the hypercare keeps the ticket's hypercare policy."""
        if not ticket.cs_tier_id.hypercare_days:
            return False
        # the SLA start: set on creation before the first match
        opened_at = ticket.sudo().cs_sla_start_date or ticket.create_date or fields.Datetime.now()
        account = ticket.commercial_partner_id
        return account._cs_in_hypercare(account._cs_account_today(opened_at))

    def _calendar_for(self, ticket):
        """Policy calendar, else the account's support hours, else its tier's,
        else the company's."""
        self.ensure_one()
        return (
            self.resource_calendar_id
            or ticket.commercial_partner_id._cs_support_calendar()
            or ticket.cs_tier_id.resource_calendar_id
            or ticket.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )

    def action_view_clocks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_success_sla.action_cs_ticket_sla")
        action["domain"] = [("policy_id", "=", self.id)]
        action["context"] = {}
        return action
