from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.fields import Domain

RUN_STATE_SELECTION = [
    ("pending", "Pending"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class CsTicketSlaEscalation(models.Model):
    """An escalation rule waiting on one clock: it runs once when due, or is
    cancelled when the clock's target is reached first."""

    _name = "cs.ticket.sla.escalation"
    _description = "Pending SLA Escalation"
    _order = "due_date, id"

    clock_id = fields.Many2one("cs.ticket.sla", required=True, ondelete="cascade", index=True)
    escalation_id = fields.Many2one("cs.sla.escalation", required=True, ondelete="cascade")
    ticket_id = fields.Many2one(related="clock_id.ticket_id", store=True, index=True)
    clock_status = fields.Selection(related="clock_id.status", store=True)
    due_date = fields.Datetime()
    state = fields.Selection(RUN_STATE_SELECTION, required=True, default="pending")
    done_date = fields.Datetime()

    _clock_escalation_unique = models.Constraint(
        "UNIQUE(clock_id, escalation_id)", "An escalation runs at most once per clock."
    )
    _pending_due_idx = models.Index("(due_date) WHERE state = 'pending'")

    def _cs_compute_due_dates(self):
        for run, due_date in zip(self, self._cs_due_dates_of([(run.clock_id, run.escalation_id) for run in self])):
            run.due_date = due_date

    @api.model
    def _cs_due_dates_of(self, pairs):
        """Due date of the rule of each (clock, rule) pair, in order. Warning:
        the clock's warning instant; breach: its deadline; after breach: the
        delay in working hours after the deadline."""
        due_dates = [
            clock.warning_date if rule.trigger == "warning" else clock.deadline
            for clock, rule in pairs
        ]
        after = [index for index, (_clock, rule) in enumerate(pairs) if rule.trigger == "after_breach"]
        instants = self.env["resource.calendar"]._cs_add_working_hours_batch(
            [(pairs[index][0].calendar_id, pairs[index][0].deadline, pairs[index][1].delay_hours) for index in after]
        )
        for index, instant in zip(after, instants):
            due_dates[index] = instant
        return due_dates

    @api.model
    def _cs_due_domain(self, now, last_clock_id):
        """Pending runs due at ``now`` of clocks up to ``last_clock_id``:
        clocks opened during a sweep are escalated by the next one."""
        return (
            Domain("state", "=", "pending")
            & Domain("due_date", "<=", now)
            & Domain("clock_status", "in", ["running", "breached"])
            & Domain("clock_id", "<=", last_clock_id)
        )

    def _cs_run(self, now):
        """Run the due runs of ``self`` whose ticket, clocks and runs this
        transaction can hold; return the runs handled (run or found done)."""
        tickets = self.env["cs.ticket.sla"]._cs_lock_sla_rows(self.ticket_id)
        if tickets is None:
            return None
        held = self.filtered(lambda run: run.ticket_id in tickets)
        due = held.filtered(lambda run: run.state == "pending")
        # Marked done before acting: an action may re-match the ticket's
        # policy and replace its clocks, never run the rule twice.
        due.write({"state": "done", "done_date": now})
        blocked = due._cs_block_team_cycles()
        by_rule = defaultdict(dict)
        for run in due:
            # read now: an action may replace the clock (re-match)
            by_rule[run.escalation_id][run.ticket_id] = run.clock_id.deadline
        for escalation, deadlines in by_rule.items():
            rule_tickets = self.env["helpdesk.ticket"].union(*deadlines).exists()
            escalation._cs_apply(rule_tickets, no_move=blocked.get(escalation), deadlines=deadlines)
        return held

    def _cs_block_team_cycles(self):
        """Team moves that would send a ticket back to a team an earlier
        escalation moved it out of (a ping-pong between policies the rules
        could not rule out in advance): refused, and the administrators told
        once per rule. Each other move records the team the ticket leaves.

        Returns {rule: tickets not to move}."""
        blocked = defaultdict(lambda: self.env["helpdesk.ticket"])
        for run in self.filtered(lambda run: run.escalation_id.team_id):
            ticket, team = run.ticket_id.sudo(), run.escalation_id.team_id
            if ticket.team_id == team or ticket in blocked[run.escalation_id]:
                continue
            if team in ticket.cs_escalated_from_team_ids:
                blocked[run.escalation_id] |= run.ticket_id
            elif ticket.team_id:
                ticket.cs_escalated_from_team_ids = [Command.link(ticket.team_id.id)]
        for rule, tickets in blocked.items():
            if tickets:
                rule._cs_report_team_cycle(tickets)
        return blocked
