from datetime import datetime
from typing import NamedTuple

from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import sla_clock, sla_status
from ..engine.sla_levels import LEVEL_KIND, clock_key
from .cs_sla_target import TARGET_KIND_SELECTION
from .helpdesk_ticket_classification import SUPPORT_LEVEL_SELECTION

CLOCK_STATUS_SELECTION = [
    ("running", "Running"),
    ("paused", "Paused"),
    ("met", "Met"),
    ("breached", "Breached"),
]
OPEN_STATUSES = ("running", "paused")


class ClockTimes(NamedTuple):
    """What an escalation's due date is computed from: a clock's or the
    values a clock is being written with."""

    calendar_id: models.BaseModel
    deadline: datetime | None
    warning_date: datetime | None


class CsTicketSla(models.Model):
    """One SLA clock of a ticket: a target of its policy, counting working
    hours of the policy's calendar from ``start_date``.

    ``paused_hours`` accumulates the working time spent in pause stages; the
    deadline is ``start_date`` + target + paused working hours, so pausing
    and re-matching never lose elapsed time.
    """

    _name = "cs.ticket.sla"
    _description = "Ticket SLA Clock"
    _order = "ticket_id, deadline, id"
    _rec_name = "kind"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade", index=True)
    policy_id = fields.Many2one("cs.sla.policy", required=True, ondelete="cascade", index=True)
    target_id = fields.Many2one("cs.sla.target", required=True, ondelete="cascade")
    kind = fields.Selection(TARGET_KIND_SELECTION, required=True)
    support_level = fields.Selection(
        SUPPORT_LEVEL_SELECTION, index="btree_not_null",
        help="Level Engagement clocks: the support level whose engagement they measure.")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    partner_id = fields.Many2one(related="ticket_id.commercial_partner_id", string="Customer", store=True)
    cs_tier_id = fields.Many2one(related="ticket_id.cs_tier_id", string="Customer Tier", store=True)
    team_id = fields.Many2one(related="ticket_id.team_id", store=True)
    user_id = fields.Many2one(related="ticket_id.user_id", string="Agent", store=True)
    calendar_id = fields.Many2one("resource.calendar", string="Working Hours", required=True)
    start_date = fields.Datetime(required=True)
    start_month = fields.Date(
        string="Month", compute="_compute_start_month", store=True, index=True,
        help="The month the clock started in, in its support hours' time zone (as SLA statements count months).",
    )
    target_hours = fields.Float(digits=(16, 4), required=True)
    warning_percent = fields.Integer(default=80)
    paused_hours = fields.Float(digits=(16, 4), help="Working hours spent in pause stages.")
    paused_since = fields.Datetime()
    deadline = fields.Datetime(index=True)
    warning_date = fields.Datetime()
    reached_date = fields.Datetime()
    status = fields.Selection(CLOCK_STATUS_SELECTION, required=True, default="running", index=True)
    warning = fields.Boolean()
    is_met = fields.Boolean(compute="_compute_is_met", store=True, string="Met on Time")
    success_rate = fields.Float(
        compute="_compute_is_met", store=True, aggregator="avg", string="Met (%)"
    )
    remaining_hours = fields.Float(compute="_compute_remaining_hours", string="Remaining (working hours)")
    elapsed_hours = fields.Float(
        string="Took (working hours)", digits=(16, 4), readonly=True, aggregator="avg",
        help="Working hours from start to reaching the target, pauses excluded.",
    )
    escalation_run_ids = fields.One2many("cs.ticket.sla.escalation", "clock_id")

    # The sweep reads only running clocks that are due; these partial indexes
    # keep that read proportional to the due clocks, not to all open ones.
    _due_deadline_idx = models.Index("(deadline) WHERE status = 'running'")
    _due_warning_idx = models.Index("(warning_date) WHERE status = 'running' AND warning IS NOT TRUE")

    @api.depends("status")
    def _compute_is_met(self):
        for clock in self:
            clock.is_met = clock.status == "met"
            clock.success_rate = 100.0 if clock.status == "met" else 0.0

    @api.depends("start_date", "calendar_id")
    def _compute_start_month(self):
        for clock in self:
            clock.start_month = (
                sla_clock.local_month(clock.start_date, clock.calendar_id.tz) if clock.start_date else False
            )

    @api.depends("deadline", "status")
    def _compute_remaining_hours(self):
        now = fields.Datetime.now()
        running = self.filtered(lambda c: c.status in OPEN_STATUSES and c.deadline)
        (self - running).remaining_hours = 0.0
        ahead = running.filtered(lambda c: c.deadline > now)
        hours = self.env["resource.calendar"]._cs_working_hours_batch(
            [(clock.calendar_id, clock.paused_since or now, clock.deadline) for clock in ahead]
        )
        for clock, value in zip(ahead, hours):
            clock.remaining_hours = value
        (running - ahead).remaining_hours = 0.0

    # ------------------------------------------------------------------
    # Clock life
    # ------------------------------------------------------------------

    @api.model
    def _cs_open(self, requests):
        """Create clocks from a list of dicts (ticket, policy, target, start,
        and optionally paused_hours, paused_since), deadlines computed in one
        pass per calendar before the clocks are written: one insert per
        batch, no update per clock."""
        if not requests:
            return self.browse()
        vals_list, calendars, ticket_values, target_values = [], {}, {}, {}
        for request in requests:
            ticket, policy, target = request["ticket"], request["policy"], request["target"]
            paused_since = request.get("paused_since")
            if ticket not in ticket_values:
                # The stored related fields, given rather than computed clock
                # by clock: the ticket's values of now.
                ticket_values[ticket] = {
                    "ticket_id": ticket.id,
                    "company_id": ticket.company_id.id,
                    "partner_id": ticket.commercial_partner_id.id,
                    "cs_tier_id": ticket.cs_tier_id.id,
                    "team_id": ticket.team_id.id,
                    "user_id": ticket.user_id.id,
                }
            if target not in target_values:
                target_values[target] = {
                    "policy_id": policy.id,
                    "target_id": target.id,
                    "kind": target.kind,
                    "support_level": target.support_level,
                    "target_hours": target.hours,
                    "warning_percent": target.warning_percent,
                }
            values = ticket_values[ticket]
            calendar_key = (policy.id, values["partner_id"], values["cs_tier_id"], values["company_id"])
            if calendar_key not in calendars:
                calendars[calendar_key] = policy._calendar_for(ticket)
            calendar = calendars[calendar_key]
            vals_list.append({
                **values,
                **target_values[target],
                "calendar_id": calendar.id,
                "start_date": request["start"],
                "start_month": sla_clock.local_month(request["start"], calendar.tz),
                "paused_hours": request.get("paused_hours", 0.0),
                "paused_since": paused_since,
                "status": "paused" if paused_since else "running",
                "warning": False,
                "is_met": False,
                "success_rate": 0.0,
            })
        for vals, (deadline, warning_date) in zip(vals_list, self._cs_deadlines_of(vals_list)):
            vals.update(deadline=deadline, warning_date=warning_date)
        clocks = self._cs_insert(vals_list)
        self._cs_schedule_escalations(clocks, vals_list, [request["target"] for request in requests])
        return clocks

    @api.model
    def _cs_deadlines_of(self, values):
        """(deadline, warning instant) of each clock described by ``values``
        (dicts or clocks with calendar, start, target, warning percent and
        paused working hours), in order."""
        Calendar = self.env["resource.calendar"]
        requests = []
        for value in values:
            calendar = Calendar.browse(value["calendar_id"]) if isinstance(value, dict) else value.calendar_id
            paused = value["paused_hours"]
            requests.append((calendar, value["start_date"], value["target_hours"] + paused))
            warning = sla_clock.warning_hours(value["target_hours"], value["warning_percent"])
            requests.append((calendar, value["start_date"], warning + paused))
        instants = Calendar._cs_add_working_hours_batch(requests)
        return list(zip(instants[0::2], instants[1::2]))

    def _cs_compute_deadlines(self):
        """Deadline and warning instant of each clock, from its start, target
        and paused working hours."""
        for clock, (deadline, warning_date) in zip(self, self._cs_deadlines_of(self)):
            clock.write({"deadline": deadline, "warning_date": warning_date})

    @api.model
    def _cs_schedule_escalations(self, clocks, vals_list, targets):
        """One pending run per escalation rule of each new clock's target,
        created with its due date (from the values the clocks were written
        with: the clocks are not read back)."""
        Run = self.env["cs.ticket.sla.escalation"]
        Calendar = self.env["resource.calendar"]
        pairs, runs = [], []
        for clock_id, vals, target in zip(clocks.ids, vals_list, targets):
            for escalation in target.escalation_ids:
                pairs.append((ClockTimes(Calendar.browse(vals["calendar_id"]), vals["deadline"],
                                         vals["warning_date"]), escalation))
                runs.append({"clock_id": clock_id, "escalation_id": escalation.id,
                             "ticket_id": vals["ticket_id"], "clock_status": vals["status"]})
        for run, due_date in zip(runs, Run._cs_due_dates_of(pairs)):
            run.update(due_date=due_date, state="pending", done_date=False)
        Run._cs_insert(runs)

    def _cs_key(self):
        self.ensure_one()
        return clock_key(self.kind, self.support_level)

    def _cs_pause(self, when):
        running = self.filtered(lambda c: c.status == "running")
        running.write({"status": "paused", "paused_since": when})

    def _cs_resume(self, when):
        paused = self.filtered(lambda c: c.status == "paused" and c.paused_since)
        if not paused:
            return
        hours = self.env["resource.calendar"]._cs_working_hours_batch(
            [(clock.calendar_id, clock.paused_since, when) for clock in paused]
        )
        for clock, value in zip(paused, hours):
            clock.write(
                {"status": "running", "paused_since": False, "paused_hours": clock.paused_hours + value}
            )
        paused._cs_compute_deadlines()
        paused.escalation_run_ids.filtered(lambda r: r.state == "pending")._cs_compute_due_dates()

    def _cs_unreached(self):
        """Clocks whose target is still awaited, breached ones included."""
        return self.filtered(lambda c: c.status in OPEN_STATUSES or (c.status == "breached" and not c.reached_date))

    def _cs_reach(self, when):
        """The target of each awaited clock in ``self`` is reached at ``when``;
        a clock already breached stays breached and records when."""
        clocks = self._cs_unreached()
        if not clocks:
            return
        clocks.filtered(lambda c: c.status == "paused")._cs_resume(when)
        worked = self.env["resource.calendar"]._cs_working_hours_batch(
            [(clock.calendar_id, clock.start_date, when) for clock in clocks]
        )
        for clock, hours in zip(clocks, worked):
            clock.elapsed_hours = max(hours - clock.paused_hours, 0.0)
        late = self.browse()
        for status in ("met", "breached"):
            group = clocks.filtered(
                lambda c, status=status: sla_status.reached_status(c.deadline, when, c.status) == status
            )
            group.write({"status": status, "reached_date": when})
            if status == "breached":
                late = group
        clocks.escalation_run_ids.filtered(lambda r: r.state == "pending").write({"state": "cancelled"})
        late._cs_log_on_tickets(self.env._("SLA target %(target)s met late, after its deadline."))

    def _cs_end_unengaged(self, when):
        """Engagement clocks in ``self`` whose level the ticket leaves (hand-off
        or close) with no message from that level: past their deadline, a
        breach; before it, the level never had to engage, and the clock is
        dropped (measured neither as met nor as breached)."""
        awaited = self.filtered(lambda c: c.kind == LEVEL_KIND and c.status in OPEN_STATUSES)
        late = awaited.filtered(lambda c: c.status == "running" and c.deadline and c.deadline <= when)
        late._cs_flag(when)
        (awaited - late).unlink()

    def _cs_log_on_tickets(self, template):
        """One chatter note per clock: ``template`` names the target, the
        deadline goes with it as a tracked value (see _cs_log_with_deadline)."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        levels = dict(self._fields["support_level"]._description_selection(self.env))
        notes = []
        for clock in self:
            target = kinds[clock.kind]
            if clock.support_level:
                target = f"{target} {levels[clock.support_level]}"
            notes.append((clock.ticket_id, clock.deadline, template % {"target": target}))
        self._cs_log_with_deadline(notes)

    @api.model
    def _cs_log_with_deadline(self, notes):
        """Log ``notes`` ((ticket, deadline, text) triples), one chatter note
        each, carrying the deadline as a tracked datetime of the clocks'
        ``deadline``: the web client shows it in each reader's own time zone,
        where a time written in the text would read in one zone for all.

        Batched: one message batch and one batch of tracking values per
        round, a ticket getting at most one note per round."""
        field = self.env["ir.model.fields"]._get(self._name, "deadline")
        pending = list(notes)
        while pending:
            current, later, seen = [], [], set()
            for note in pending:
                (later if note[0].id in seen else current).append(note)
                seen.add(note[0].id)
            tickets = self.env["helpdesk.ticket"].browse([ticket.id for ticket, _deadline, _body in current])
            messages = tickets._message_log_batch(bodies={ticket.id: body for ticket, _deadline, body in current})
            message_by_ticket = {message.res_id: message.id for message in messages}
            self.env["mail.tracking.value"].sudo().create([
                {
                    "mail_message_id": message_by_ticket[ticket.id],
                    "field_id": field.id,
                    # the same value on both sides: the note states the deadline, it did not change
                    "old_value_datetime": deadline,
                    "new_value_datetime": deadline,
                }
                for ticket, deadline, _body in current if deadline
            ])
            pending = later

    # ------------------------------------------------------------------
    # The sweep
    # ------------------------------------------------------------------

    @api.model
    def _cs_due_domain(self, now):
        return Domain("status", "=", "running") & (
            Domain("deadline", "<=", now)
            | (Domain("warning", "=", False) & Domain("warning_date", "<=", now))
        )

    @api.model
    def _cron_check_sla(self, batch_size=500):
        """Flag warnings and breaches of due clocks, then run due escalations.

        Bounded whatever the configuration: only clocks that exist when the
        sweep starts are flagged and escalated (an escalation moving a ticket
        opens new clocks, left to the next sweep), and each run of a clock's
        rule happens once. Each batch locks the tickets, clocks and runs it
        writes, skips what another worker holds and commits; the work left
        (held rows, or the time being up) is reported to the scheduler, which
        calls the sweep again until nothing is left.
        """
        now = fields.Datetime.now()
        cron = self.env["ir.cron"]
        Batch = self.env["cs.cron.batch"]
        Run = self.env["cs.ticket.sla.escalation"]
        last_clock = self.search([], limit=1, order="id desc")
        due_domain = self._cs_due_domain(now) & Domain("id", "<=", last_clock.id)
        run_domain = Run._cs_due_domain(now, last_clock.id)
        cron._commit_progress(remaining=self.search_count(due_domain) + Run.search_count(run_domain))

        def flag(clocks):
            tickets = self._cs_lock_sla_rows(clocks.ticket_id)
            if tickets is None:
                return None
            held = clocks.filtered(lambda c: c.ticket_id in tickets)
            held.filtered_domain(self._cs_due_domain(now))._cs_flag(now)
            return held

        left = Batch._cs_process(self, due_domain, flag, batch_size, order="deadline, id")
        if cron._commit_progress(remaining=left + Run.search_count(run_domain)):
            left += Batch._cs_process(Run, run_domain, lambda runs: runs._cs_run(now), batch_size,
                                      order="due_date, id")
        else:
            left += Run.search_count(run_domain)
        cron._commit_progress(remaining=left)

    @api.model
    def _cs_lock_sla_rows(self, tickets):
        """The tickets of ``tickets`` this transaction now holds with all
        their clocks and escalation runs (what flagging and escalating
        write), locked in that order; None when the read was stale."""
        Batch = self.env["cs.cron.batch"]
        locked = Batch._cs_try_lock(tickets.sudo())
        if locked is None:
            return None
        clocks = self.sudo().search([("ticket_id", "in", locked[0].ids)])
        runs = self.env["cs.ticket.sla.escalation"].sudo().search([("clock_id", "in", clocks.ids)])
        held = Batch._cs_try_lock(clocks, runs)
        if held is None:
            return None
        incomplete = (clocks - held[0]).ticket_id | (runs - held[1]).ticket_id
        return tickets.browse((locked[0] - incomplete).ids)

    def _cs_flag(self, now):
        warned = self.filtered(lambda c: not c.warning and c.warning_date and c.warning_date <= now)
        warned.write({"warning": True})
        breached = self.filtered(lambda c: c.deadline and c.deadline <= now and c.status == "running")
        breached.write({"status": "breached"})
        breached._cs_log_on_tickets(self.env._("SLA target %(target)s breached."))
