from odoo import api, fields, models

from ..engine import sla_status
from ..engine.sla_levels import LEVEL_KIND, PERIODIC_KIND, is_customer_kind, level_key
from .cs_ticket_sla import OPEN_STATUSES

SLA_STATUS_SELECTION = [
    ("none", "No SLA"),
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("paused", "Paused"),  # every open clock waits in a pause stage
    ("breached", "Breached"),
    ("met", "Met"),
]
# A change of any of these may change the matching policy.
REMATCH_FIELDS = {"priority", "team_id", "category_id", "partner_id", "company_id", "cs_impact", "cs_urgency"}


class HelpdeskTicket(models.Model):
    """SLA clocks on tickets: opened on creation, moved by stages and
    messages, re-matched when the classification changes.

    Clocks are system records: agents and customers move them through what
    they do on the ticket, never by editing them, so the hooks below work on
    them (and on the policies they read) as superuser.
    """

    _inherit = "helpdesk.ticket"

    cs_sla_policy_id = fields.Many2one(
        "cs.sla.policy", string="SLA Policy", readonly=True, copy=False, index="btree_not_null")
    cs_sla_policy_reason = fields.Char(
        string="Why This Policy", compute="_compute_cs_sla_policy_reason",
        help="Which of the ticket's attributes the policy matched on, or why none applies.",
    )
    cs_sla_ids = fields.One2many("cs.ticket.sla", "ticket_id", string="SLA Clocks", readonly=True)
    cs_escalated_from_team_ids = fields.Many2many(
        "helpdesk.ticket.team", "cs_ticket_escalated_from_team_rel", "ticket_id", "team_id",
        string="Escalated Out Of", readonly=True, copy=False, groups="base.group_user",
        help="Teams SLA escalations moved the ticket out of: no escalation moves it back.",
    )
    cs_sla_deadline = fields.Datetime(
        string="SLA Deadline", compute="_compute_cs_sla", store=True, index=True,
        help="The earliest deadline among the ticket's running clocks of the customer's promise.",
    )
    cs_sla_status = fields.Selection(
        SLA_STATUS_SELECTION, string="SLA Status", compute="_compute_cs_sla", store=True, index=True,
    )
    cs_sla_start_date = fields.Datetime(
        string="SLA Start", readonly=True, copy=False,
        help="When the ticket's clocks started; a re-matched policy counts from here.",
    )
    cs_first_response_date = fields.Datetime(string="First Response", readonly=True, copy=False)
    cs_support_level_date = fields.Datetime(
        string="Support Level Since", readonly=True, copy=False, groups="base.group_user",
        help="When the ticket reached its support level: its Level Engagement clock counts from here.",
    )
    cs_reopen_count = fields.Integer(string="Reopened", readonly=True, copy=False)
    cs_agent_reply_count = fields.Integer(
        string="Agent Replies", readonly=True, copy=False,
        help="Customer-visible messages by agents; one reply and no reopen is a first-contact resolution.",
    )

    # Figures of the reached clocks, stored on the ticket so that the service
    # analysis reads one row per ticket, without joining its clocks.
    cs_first_response_hours = fields.Float(
        string="First Response (working h)", compute="_compute_cs_sla", store=True, aggregator="avg")
    cs_first_response_calendar_hours = fields.Float(
        string="First Response (h)", compute="_compute_cs_sla", store=True, aggregator="avg")
    cs_resolution_hours = fields.Float(
        string="Resolution (working h)", compute="_compute_cs_sla", store=True, aggregator="avg")
    cs_resolution_calendar_hours = fields.Float(
        string="Resolution (h)", compute="_compute_cs_sla", store=True, aggregator="avg")
    cs_first_response_reached = fields.Boolean(string="First Response Reached", compute="_compute_cs_sla", store=True)
    cs_sla_met_count = fields.Integer(string="SLA Targets Met", compute="_compute_cs_sla", store=True)
    cs_sla_breached_count = fields.Integer(string="SLA Targets Breached", compute="_compute_cs_sla", store=True)
    cs_sla_open_count = fields.Integer(string="SLA Targets Open", compute="_compute_cs_sla", store=True)

    @api.depends("cs_sla_ids.status", "cs_sla_ids.warning", "cs_sla_ids.deadline", "cs_sla_ids.reached_date",
                 "cs_sla_ids.elapsed_hours")
    def _compute_cs_sla(self):
        for ticket in self:
            # Customer-facing figures: level engagement clocks are internal.
            # One pass over the clocks: this runs for every ticket created.
            clocks = [clock for clock in ticket.cs_sla_ids if is_customer_kind(clock.kind)]
            statuses = [(clock.status, clock.warning) for clock in clocks]
            ticket.cs_sla_status = sla_status.ticket_sla_status(statuses)
            deadlines = [c.deadline for c in clocks if c.status == "running" and c.deadline]
            ticket.cs_sla_deadline = min(deadlines) if deadlines else False
            reached = [clock for clock in clocks if clock.reached_date]
            first, resolutions = None, []
            if reached:
                reached.sort(key=lambda clock: clock.id)
                first = next((clock for clock in reached if clock.kind == "first_response"), None)
                resolutions = [clock for clock in reached if clock.kind == "resolution"]
            ticket.cs_first_response_reached = bool(first)
            ticket.cs_first_response_hours = first.elapsed_hours if first else False
            ticket.cs_first_response_calendar_hours = (
                (first.reached_date - first.start_date).total_seconds() / 3600 if first else False
            )
            ticket.cs_resolution_hours = sum(c.elapsed_hours for c in resolutions) if resolutions else False
            ticket.cs_resolution_calendar_hours = (
                sum((c.reached_date - c.start_date).total_seconds() for c in resolutions) / 3600
                if resolutions else False
            )
            ticket.cs_sla_met_count = sum(1 for status, _warning in statuses if status == "met")
            ticket.cs_sla_breached_count = sum(1 for status, _warning in statuses if status == "breached")
            ticket.cs_sla_open_count = sum(1 for status, _warning in statuses if status in OPEN_STATUSES)

    @api.depends("cs_sla_policy_id", "cs_tier_id", "priority", "team_id", "category_id", "company_id")
    def _compute_cs_sla_policy_reason(self):
        # Only read on the ticket form: one match of the tickets shown.
        tickets = self.filtered("id")
        current = self.env["cs.sla.policy"].sudo()._match_tickets(tickets._origin) if tickets else {}
        for ticket in self:
            ticket.cs_sla_policy_reason = ticket._cs_policy_reason(
                current.get(ticket._origin, self.env["cs.sla.policy"])) if ticket._origin else False

    def _cs_policy_reason(self, current_policy):
        """One sentence: the criteria the ticket's policy matched (the first
        match by sequence), or the ticket's attributes no policy fits."""
        self.ensure_one()
        policy = self.cs_sla_policy_id
        priorities = dict(self._fields["priority"]._description_selection(self.env))
        none = self.env._("none")
        tier = self.cs_tier_id.display_name or none
        priority = priorities.get(self.priority, "")
        team = self.team_id.display_name or none
        category = self.category_id.display_name or none
        if not policy:
            reason = self.env._(
                "No active policy with targets fits this ticket (tier: %(tier)s, priority: %(priority)s, "
                "team: %(team)s, category: %(category)s).", tier=tier, priority=priority, team=team,
                category=category)
        else:
            criteria = [
                self.env._("tier %(tier)s", tier=tier) if policy.tier_ids else self.env._("any tier"),
                self.env._("priority %(priority)s", priority=priority) if policy.priority
                else self.env._("any priority"),
                self.env._("team %(team)s", team=team) if policy.team_ids else self.env._("any team"),
                self.env._("category %(category)s", category=category) if policy.category_ids
                else self.env._("any category"),
            ]
            if policy.hypercare_only:
                criteria.append(self.env._("account in hypercare"))
            reason = self.env._(
                "The first policy by sequence (%(sequence)s) that fits: %(criteria)s.",
                sequence=policy.sequence, criteria=", ".join(criteria))
        if current_policy != policy and not self.stage_id.closed:
            reason += " " + (self.env._(
                "The policies changed since: today it would get %(policy)s (matched again when its tier, "
                "priority, team or category change).", policy=current_policy.display_name)
                if current_policy else self.env._(
                "The policies changed since: today no policy fits it."))
        return reason

    def action_cs_open_policy_preview(self):
        """Which policy applies, for this ticket's team, category and
        company, its own tier and priority framed."""
        self.ensure_one()
        return self.env["cs.sla.policy.preview"]._cs_open({
            "default_team_id": self.team_id.id,
            "default_category_id": self.category_id.id,
            "default_company_id": self.company_id.id,
            "default_in_hypercare": self.env["cs.sla.policy"].sudo()._cs_in_hypercare(self),
            "default_policy_id": self.cs_sla_policy_id.id,
            "default_tier_id": self.cs_tier_id.id,
            "default_priority": self.priority,
        })

    # ------------------------------------------------------------------
    # CRUD hooks
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # The clocks' start goes in with the ticket, not in an update after it.
        now = fields.Datetime.now()
        vals_list = [{"cs_sla_start_date": now, "cs_support_level_date": now, **vals} for vals in vals_list]
        tickets = super().create(vals_list)
        tickets._cs_sla_start()
        return tickets

    def write(self, vals):
        before = {}
        if "stage_id" in vals:
            before = {ticket: (ticket.stage_id, ticket.stage_id.closed) for ticket in self}
        levels_before = {ticket: ticket.cs_support_level for ticket in self} if "cs_support_level" in vals else {}
        res = super().write(vals)
        if before:
            self._cs_sla_stage_changed(before)
        # The level first: the rematch then moves the new level's clock (or
        # opens it from the new level date), instead of opening one from the
        # old level date that the level change would close at once.
        if levels_before:
            self._cs_sla_level_changed(levels_before)
        if REMATCH_FIELDS & set(vals):
            self._cs_sla_rematch()
        return res

    # ------------------------------------------------------------------
    # SLA events
    # ------------------------------------------------------------------

    def _cs_is_paused_in(self, policy, stage):
        return bool(policy and stage and stage in policy.pause_stage_ids)

    def _cs_sla_requests(self, policy, kinds, start, start_by_kind=None, paused_hours_by_kind=None):
        """Clock requests for ``kinds`` (target keys: the kind, with the level
        for engagement targets) of ``policy`` on this ticket, starting at
        ``start`` unless ``start_by_kind`` says otherwise."""
        self.ensure_one()
        now = fields.Datetime.now()
        paused_since = now if self._cs_is_paused_in(policy, self.stage_id) else False
        start_by_kind = start_by_kind or {}
        paused_hours_by_kind = paused_hours_by_kind or {}
        return [
            {
                "ticket": self,
                "policy": policy,
                "target": target,
                "start": start_by_kind.get(target._cs_key(), start),
                "paused_hours": paused_hours_by_kind.get(target._cs_key(), 0.0),
                "paused_since": paused_since,
            }
            for target in policy.target_ids
            if target._cs_key() in kinds
        ]

    def _cs_sla_start(self):
        self = self.sudo()
        now = fields.Datetime.now()
        self.filtered(lambda t: t.cs_sla_start_date != now).write(
            {"cs_sla_start_date": now, "cs_support_level_date": now})
        matches = self.env["cs.sla.policy"]._match_tickets(self)
        requests = []
        for ticket, policy in matches.items():
            # A ticket created closed (imported, or logged once solved) awaits nothing.
            if not ticket.stage_id.closed:
                kinds = {"first_response", "resolution", level_key(ticket.cs_support_level or "l1")}
                requests += ticket._cs_sla_requests(policy, kinds, now)
        for policy in set(matches.values()):
            self.filtered(lambda t, p=policy: matches.get(t) == p).cs_sla_policy_id = policy
        self.env["cs.ticket.sla"]._cs_open(requests)

    @api.model
    def _cs_sla_start_existing(self, batch_size=1000):
        """Open clocks on open tickets that have none (install, upgrade); they
        count from now, not from the ticket's creation, so that installing
        the addon does not breach every old ticket at once."""
        domain = [("closed", "=", False), ("cs_sla_start_date", "=", False)]
        while tickets := self.search(domain, limit=batch_size, order="id"):
            tickets._cs_sla_start()
            self.env.flush_all()

    def _cs_sla_rematch(self):
        """Match the policy again; on a change, open clocks move to the new
        policy keeping their start and paused time; reached ones stay."""
        self = self.sudo()
        open_tickets = self.filtered(lambda t: not t.stage_id.closed or t.cs_sla_ids)
        matches = self.env["cs.sla.policy"]._match_tickets(open_tickets)
        changed = open_tickets.filtered(lambda t: matches.get(t, False) != t.cs_sla_policy_id)
        if not changed:
            return
        now = fields.Datetime.now()
        requests = []
        obsolete = self.env["cs.ticket.sla"]
        for ticket in changed:
            policy = matches.get(ticket, self.env["cs.sla.policy"])
            open_clocks = ticket.cs_sla_ids.filtered(lambda c: c.status in OPEN_STATUSES)
            reached_kinds = {clock._cs_key() for clock in ticket.cs_sla_ids if clock.status not in OPEN_STATUSES}
            starts = {clock._cs_key(): clock.start_date for clock in open_clocks}
            paused = {clock._cs_key(): clock.paused_hours for clock in open_clocks}
            kinds = set(starts)
            if not ticket.cs_sla_policy_id and not ticket.cs_sla_ids:
                kinds |= {"first_response"} | (set() if ticket.stage_id.closed else {"resolution"})
            else:
                kinds |= {"first_response", "resolution"} - reached_kinds
                if ticket.stage_id.closed:
                    kinds.discard("resolution")
            if "first_response" in kinds and ticket.cs_first_response_date:
                kinds.discard("first_response")
            if not ticket.stage_id.closed:
                # The new policy's engagement target of the current level counts
                # from when the ticket reached it; its periodic updates from now.
                current_level = level_key(ticket.cs_support_level or "l1")
                if current_level not in reached_kinds and current_level not in starts:
                    kinds.add(current_level)
                    # No level date (tickets opened before the upgrade): from now,
                    # not from the SLA start, which would breach at once.
                    starts[current_level] = ticket.cs_support_level_date or now
                if ticket.cs_first_response_date and PERIODIC_KIND not in starts:
                    kinds.add(PERIODIC_KIND)
                    starts[PERIODIC_KIND] = now
            obsolete |= open_clocks
            if policy:
                # Elapsed working time still counts: from the ticket's start.
                requests += ticket._cs_sla_requests(
                    policy, kinds, ticket.cs_sla_start_date or ticket.create_date, starts, paused
                )
            ticket.cs_sla_policy_id = policy
        obsolete.unlink()
        self.env["cs.ticket.sla"]._cs_open(requests)

    def _cs_sla_stage_changed(self, before):
        self = self.sudo()
        before = {ticket.sudo(): value for ticket, value in before.items()}
        now = fields.Datetime.now()
        Clock = self.env["cs.ticket.sla"]
        to_pause, to_resume, to_reach, unengaged = Clock, Clock, Clock, Clock
        reopened = self.browse()
        for ticket in self:
            old_stage, was_closed = before[ticket]
            if old_stage == ticket.stage_id:
                continue
            open_clocks = ticket.cs_sla_ids.filtered(lambda c: c.status in OPEN_STATUSES)
            policy = ticket.cs_sla_policy_id
            if ticket.stage_id.closed and not was_closed:
                # Resolution ends every awaited clock: the customer has an answer.
                # A level's engagement is met by a message only, never by the close.
                awaited = ticket.cs_sla_ids._cs_unreached()
                to_reach |= awaited.filtered(lambda c: c.kind != LEVEL_KIND)
                unengaged |= awaited.filtered(lambda c: c.kind == LEVEL_KIND)
            elif was_closed and not ticket.stage_id.closed:
                reopened |= ticket
            elif self._cs_is_paused_in(policy, ticket.stage_id):
                to_pause |= open_clocks
            elif self._cs_is_paused_in(policy, old_stage):
                to_resume |= open_clocks
        to_pause._cs_pause(now)
        to_resume._cs_resume(now)
        to_reach._cs_reach(now)
        unengaged._cs_end_unengaged(now)
        if reopened:
            # Reopened: the problem is back, the customer's "solved" no longer
            # stands (nor closes the ticket when an article is written).
            # Between open stages it stays: the ticket still waits for its article.
            reopened.cs_customer_solved_date = False
            requests = []
            for ticket in reopened:
                ticket.cs_reopen_count += 1
                if ticket.cs_sla_policy_id:
                    kinds = {"resolution"} | ({PERIODIC_KIND} if ticket.cs_first_response_date else set())
                    requests += ticket._cs_sla_requests(ticket.cs_sla_policy_id, kinds, now)
            Clock._cs_open(requests)

    def _cs_sla_level_changed(self, levels_before):
        """A ticket reaching another support level (escalation or by hand):
        the engagement clock of the level it leaves ends (met only if that
        level wrote), the new level's engagement clock starts."""
        self = self.sudo()
        changed = self.filtered(lambda t: levels_before[t] != t.cs_support_level)
        if not changed:
            return
        now = fields.Datetime.now()
        changed.cs_support_level_date = now
        changed.cs_sla_ids._cs_end_unengaged(now)
        requests = []
        for ticket in changed.filtered(lambda t: t.cs_sla_policy_id and not t.stage_id.closed):
            requests += ticket._cs_sla_requests(
                ticket.cs_sla_policy_id, {level_key(ticket.cs_support_level or "l1")}, now)
        self.env["cs.ticket.sla"]._cs_open(requests)

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        self._cs_sla_on_message(message)
        return res

    def _cs_is_agent_reply(self, message):
        """A message visible to the customer, written by an internal user
        (not OdooBot, not an automatic notification or template)."""
        author_users = message.author_id.user_ids
        return (
            message.message_type == "comment"
            and not message.subtype_id.internal
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id != self.env.ref("base.partner_root")
            and author_users
            and not all(author_users.mapped("share"))
        )

    def _cs_is_agent_message(self, message):
        """A reply or an internal note written by an internal user: what
        engages a support level."""
        author_users = message.author_id.user_ids
        return (
            message.message_type == "comment"
            and message.subtype_id in (self.env.ref("mail.mt_comment") | self.env.ref("mail.mt_note"))
            and message.author_id != self.env.ref("base.partner_root")
            and author_users
            and not all(author_users.mapped("share"))
        )

    def _cs_is_customer_message(self, message):
        author_users = message.author_id.user_ids
        return (
            message.message_type in ("comment", "email")
            and not message.subtype_id.internal
            and message.author_id != self.env.ref("base.partner_root")
            and (not author_users or all(author_users.mapped("share")))
        )

    def _cs_sla_on_message(self, message):
        # Agents and customers write comments or mail; notifications (the
        # ticket's creation, tracking) move no clock.
        if message.message_type not in ("comment", "email"):
            return
        self = self.sudo()
        now = fields.Datetime.now()
        for ticket in self:
            clocks = ticket.cs_sla_ids._cs_unreached()
            if ticket._cs_is_agent_message(message):
                # Engages the ticket's current level only: a level left unengaged stays so.
                clocks.filtered(
                    lambda c, t=ticket: c.kind == LEVEL_KIND and c.support_level == (t.cs_support_level or "l1")
                )._cs_reach(now)
            if ticket._cs_is_agent_reply(message):
                ticket.cs_agent_reply_count += 1
                if not ticket.cs_first_response_date:
                    ticket.cs_first_response_date = now
                clocks.filtered(lambda c: c.kind in ("first_response", "next_response", PERIODIC_KIND))._cs_reach(now)
                # Each update meets the running periodic clock and starts the next one.
                policy = ticket.cs_sla_policy_id
                if policy and not ticket.stage_id.closed:
                    self.env["cs.ticket.sla"]._cs_open(ticket._cs_sla_requests(policy, {PERIODIC_KIND}, now))
            elif ticket._cs_is_customer_message(message) and ticket.cs_first_response_date:
                if ticket.stage_id.closed or clocks.filtered(lambda c: c.kind == "next_response"):
                    continue
                policy = ticket.cs_sla_policy_id
                if policy:
                    self.env["cs.ticket.sla"]._cs_open(
                        ticket._cs_sla_requests(policy, {"next_response"}, now)
                    )
