from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.sla_policy import (
    PolicyCriteria, combos, format_hours, match_policy, next_sequence, precedence, winner_matrix,
)

# What the escalation cycle detection reads of a policy (see _cs_criteria;
# the priority is left out there: escalations may raise it).
CYCLE_FIELDS = ("active", "sequence", "company_id", "tier_ids", "team_ids", "category_ids")
# What decides which tickets a policy takes.
MATCH_FIELDS = ("active", "sequence", "company_id", "tier_ids", "priority", "team_ids", "category_ids",
                "hypercare_only", "target_ids")
# A policy id that sorts after every stored one: a policy being created.
UNSAVED_ID = 2**62
# Longest list of tier x priority combinations named in one warning line.
MAX_COMBOS = 12


class CsSlaPolicy(models.Model):
    """A service-level agreement: which tickets it covers (tier, priority,
    team, category), on which working calendar its clocks run, and its
    targets. The first matching policy by sequence applies to a ticket."""

    _name = "cs.sla.policy"
    _description = "SLA Policy"
    _inherit = ["mail.thread", "cs.input.check"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(
        default=lambda self: self._default_sequence(), tracking=True,
        help="The first matching policy by sequence applies. New policies go after the existing ones: "
        "move one up only to take tickets from the policies below it.",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", help="Empty: tickets of every company.")
    description = fields.Html(translate=True)
    tier_ids = fields.Many2many("cs.tier", string="Customer Tiers", help="Empty: every tier, and no tier.")
    priority = fields.Selection(
        selection=lambda self: self.env["helpdesk.ticket"]._fields["priority"].selection,
        help="Empty: any priority.",
        tracking=True,
    )
    priority_label = fields.Char(string="Priority Covered", compute="_compute_priority_label")
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
    no_resolution_confirmed = fields.Boolean(
        string="No Resolution Target",
        tracking=True,
        help="Tick to confirm that this policy's tickets get no resolution deadline on purpose.",
    )
    has_resolution_target = fields.Boolean(compute="_compute_has_resolution_target")
    target_summary = fields.Char(string="First Response and Resolution", compute="_compute_target_summary")
    overlap_warning = fields.Html(
        string="Tickets Taken From Other Policies", compute="_compute_precedence", sanitize=False,
        help="The tickets this policy takes from the policies that would get them without it.",
    )
    overlap_note = fields.Html(
        string="Tickets Kept by Earlier Policies", compute="_compute_precedence", sanitize=False,
    )
    precedence_matrix = fields.Html(
        string="Which Policy Applies", compute="_compute_precedence", sanitize=False,
    )
    ticket_sla_count = fields.Integer(compute="_compute_ticket_sla_count", string="Clocks")

    @api.model
    def _default_sequence(self):
        return next_sequence(self._cs_sequences())[0]

    @api.model
    def _cs_sequences(self):
        """The highest sequence in use, archived policies included: one
        reactivated later must not jump ahead of the policies added since."""
        [(top,)] = self.with_context(active_test=False)._read_group([], aggregates=["sequence:max"])
        return [top] if top is not None else []

    @api.depends("priority")
    def _compute_priority_label(self):
        # An empty priority means any: the star widget would show it as Low.
        labels = dict(self._fields["priority"]._description_selection(self.env))
        for policy in self:
            policy.priority_label = labels.get(policy.priority) or self.env._("Any priority")

    @api.depends("target_ids.kind", "target_ids.hours")
    def _compute_target_summary(self):
        for policy in self:
            policy.target_summary = policy._cs_target_summary()

    @api.depends("target_ids.kind")
    def _compute_has_resolution_target(self):
        for policy in self:
            policy.has_resolution_target = "resolution" in policy.target_ids.mapped("kind")

    @api.depends(*MATCH_FIELDS, "name")
    def _compute_precedence(self):
        """The warning, note and tier x priority preview of each policy, from
        one read of the other policies and the same matching code as tickets."""
        stored = self.search([("target_ids", "!=", False)])
        criteria = self._cs_criteria(stored)
        space, hypercare_tiers = self._cs_ticket_space(stored | self)
        stored_names = dict(zip(stored.ids, stored.mapped("display_name")))
        for policy in self:
            candidate = policy._cs_candidate()
            others = [c for c in criteria if not candidate or c.policy_id != candidate.policy_id]
            names = dict(stored_names)
            policy.overlap_warning = policy.overlap_note = False
            if candidate:
                names[candidate.policy_id] = policy.name or self.env._("This policy")
                taken, kept, kinds = precedence(others, candidate, space, hypercare_tiers)
                policy.overlap_warning = self._cs_precedence_html(
                    self.env._("This policy comes first and takes these tickets from policies that would get them "
                               "without it:"),
                    taken, kinds, space, names)
                note = self._cs_precedence_html(
                    self.env._("Policies before this one keep some of the tickets it matches:"),
                    kept, kinds, space, names)
                if kinds and sum(map(len, kept.values())) == len(kinds):
                    note += Markup("<p class='mb-0 fw-bold'>%s</p>") % self.env._(
                        "No ticket gets this policy: move it up (lower sequence) or narrow the policies above it.")
                policy.overlap_note = note or False
                others.append(candidate)
            policy.precedence_matrix = self._cs_matrix_html(
                others, policy._cs_preview_ticket(), space, names,
                highlight_policy_id=candidate.policy_id if candidate else None, edited=candidate and policy)

    def _cs_candidate(self):
        """This policy's criteria, also while edited in a form (not saved
        yet), or None when it takes no ticket (archived, no target)."""
        self.ensure_one()
        if not self.active or not self.target_ids:
            return None
        return self._cs_criteria(self, policy_id=self._origin.id or UNSAVED_ID)[0]

    def _cs_preview_ticket(self):
        """The ticket the form's preview shows, tier and priority apart: of
        the policy's first team, category and company (none when it names
        none), in hypercare for a hypercare-only policy."""
        self.ensure_one()
        return {
            "team_id": self.team_ids[:1]._origin.id or None,
            "category_id": self.category_ids[:1]._origin.id or None,
            "company_id": self.company_id.id or None,
            "in_hypercare": self.hypercare_only,
        }

    @api.model
    def _cs_ticket_space(self, policies):
        """The values of each ticket attribute that policies tell apart
        (``None``: none, or one no policy names), and the tiers whose
        accounts can be in hypercare."""
        tiers = self.env["cs.tier"].search([])
        space = {
            "tier_id": [*tiers.ids, None],
            "priority": [key for key, _label in self._fields["priority"]._description_selection(self.env)],
            "team_id": [*sorted(set(policies.team_ids._origin.ids)), None],
            "category_id": [*sorted(set(policies.category_ids._origin.ids)), None],
            "company_id": [*sorted(set(policies.company_id._origin.ids)), None],
        }
        return space, frozenset(tiers.filtered("hypercare_days").ids)

    @api.model
    def _cs_combo_labels(self, space):
        tiers = self.env["cs.tier"].browse([t for t in space["tier_id"] if t])
        tier_names = dict(zip(tiers.ids, tiers.mapped("display_name")))
        tier_names[None] = self.env._("No tier")
        priorities = dict(self._fields["priority"]._description_selection(self.env))
        return tier_names, priorities

    @api.model
    def _cs_precedence_html(self, title, by_policy, kinds, space, names):
        """A paragraph and one line per policy naming the tier x priority
        combinations in ``by_policy`` ({policy id: ticket kinds})."""
        if not by_policy:
            return Markup()
        tier_names, priorities = self._cs_combo_labels(space)
        scopes = {"all": "", "hypercare": self.env._(" (during hypercare)"),
                  "no_hypercare": self.env._(" (outside hypercare)"), "part": self.env._(" (in part)")}
        lines = Markup()
        for policy_id, tickets in by_policy.items():
            found = combos(tickets, kinds)
            labels = [
                self.env._("%(tier)s × %(priority)s", tier=tier_names.get(tier, ""), priority=priorities.get(priority, ""))
                + scopes[scope]
                for tier, priority, scope in found[:MAX_COMBOS]
            ]
            if len(found) > MAX_COMBOS:
                labels.append(self.env._("and %(count)s more", count=len(found) - MAX_COMBOS))
            lines += Markup("<li><b>%s</b>: %s</li>") % (names.get(policy_id, ""), ", ".join(labels))
        return Markup("<p class='mb-1'>%s</p><ul class='mb-0'>%s</ul>") % (title, lines)

    @api.model
    def _cs_matrix_html(self, criteria, ticket, space, names, highlight_policy_id=None, highlight_cell=None,
                        edited=None):
        """A tier x priority table of the policy each ticket gets (``ticket``
        gives its team, category, company and hypercare), computed by the
        engine's match_policy like the tickets' own match."""
        tier_names, priorities = self._cs_combo_labels(space)
        ordered = list(reversed(space["priority"]))  # Very High first, as the policies are
        matrix = winner_matrix(criteria, space["tier_id"], ordered, ticket)
        targets = {policy.id: policy._cs_target_summary()
                   for policy in self.browse([p for p in set(matrix.values()) if p and p != UNSAVED_ID])}
        if edited:  # the policy being edited, with the targets of the form
            targets[highlight_policy_id] = edited._cs_target_summary()
        head = Markup("").join(Markup("<th class='text-center'>%s</th>") % priorities[p] for p in ordered)
        rows = Markup()
        for tier_id in space["tier_id"]:
            cells = Markup()
            for priority in ordered:
                policy_id = matrix[(tier_id, priority)]
                classes = ["text-center", "small"]
                if policy_id and policy_id == highlight_policy_id:
                    classes.append("table-primary fw-bold")
                if highlight_cell == (tier_id, priority):
                    classes.append("border border-2 border-dark")
                if policy_id:
                    # phones: the names only, the targets would squeeze them
                    content = Markup("%s<span class='d-none d-md-block text-muted'>%s</span>") % (
                        names.get(policy_id, ""), targets.get(policy_id, ""))
                else:
                    content = Markup("<span class='text-muted'>%s</span>") % self.env._("No SLA")
                cells += Markup("<td class='%s'>%s</td>") % (" ".join(classes), content)
            rows += Markup("<tr><th>%s</th>%s</tr>") % (tier_names[tier_id], cells)
        return Markup(
            "<div class='table-responsive'><table class='table table-sm table-bordered mb-0 o_cs_policy_matrix'>"
            "<thead><tr><th>%s</th>%s</tr></thead><tbody>%s</tbody></table></div>"
        ) % (self.env._("Customer Tier"), head, rows)

    def _cs_target_summary(self):
        """"First Response 0:05 · Resolution 2:00": the targets that decide a
        ticket's fate at a glance."""
        self.ensure_one()
        kinds = dict(self.env["cs.sla.target"]._fields["kind"]._description_selection(self.env))
        shown = ("first_response", "resolution")
        targets = self.target_ids.filtered(lambda t: t.kind in shown).sorted(lambda t: shown.index(t.kind))
        return " · ".join(f"{kinds[target.kind]} {format_hours(target.hours)}" for target in targets)

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

    @api.constrains("active", "target_ids", "no_resolution_confirmed")
    def _check_resolution_target(self):
        """A policy whose tickets get no resolution deadline is a choice the
        administrator confirms, not an accident of a forgotten target. A
        policy without any target takes no ticket (see _match_tickets)."""
        for policy in self:
            if (policy.active and policy.target_ids and not policy.no_resolution_confirmed
                    and "resolution" not in policy.target_ids.mapped("kind")):
                raise ValidationError(self.env._(
                    "Policy %(policy)s has no Resolution target: its tickets would never get a resolution "
                    "deadline. Add a Resolution target, or tick “No Resolution Target” to confirm that this "
                    "is intended.",
                    policy=policy.name,
                ))

    @api.constrains(*CYCLE_FIELDS)
    def _check_team_cycle(self):
        """A policy edit can close a cycle of escalation team moves as an
        escalation edit can: refuse it the same way."""
        self.env["cs.sla.escalation"]._cs_check_team_cycles(policies=self)

    @api.model_create_multi
    def create(self, vals_list):
        # New policies go after the existing ones (imports and RPC included):
        # a policy placed first by accident takes every matching ticket.
        # (an import's empty cell gives False: unplaced too, unlike an explicit 0)
        unplaced = [vals for vals in vals_list if vals.get("sequence") is None or vals["sequence"] is False]
        if unplaced and "default_sequence" not in self.env.context:
            for vals, sequence in zip(unplaced, next_sequence(self._cs_sequences(), len(unplaced))):
                vals["sequence"] = sequence
        return super().create(vals_list)

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
    def _cs_criteria(self, policies, policy_id=None):
        return [
            PolicyCriteria(
                policy_id=policy_id or policy.id,
                sequence=policy.sequence,
                company_id=policy.company_id._origin.id or None,
                # _origin: also for a policy being edited in a form
                tier_ids=frozenset(policy.tier_ids._origin.ids),
                priority=policy.priority or None,
                team_ids=frozenset(policy.team_ids._origin.ids),
                category_ids=frozenset(policy.category_ids._origin.ids),
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

    def action_open_preview(self):
        """Which policy a ticket of each tier and priority gets, for a team,
        category and company of the user's choice (this policy's first ones
        to start with)."""
        context = {}
        if len(self) == 1:
            ticket = self._cs_preview_ticket()
            context = {
                "default_policy_id": self.id,
                "default_team_id": ticket["team_id"],
                "default_category_id": ticket["category_id"],
                "default_company_id": ticket["company_id"],
                "default_in_hypercare": ticket["in_hypercare"],
            }
        return self.env["cs.sla.policy.preview"]._cs_open(context)

    def action_view_clocks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_success_sla.action_cs_ticket_sla")
        action["domain"] = [("policy_id", "=", self.id)]
        action["context"] = {}
        return action
