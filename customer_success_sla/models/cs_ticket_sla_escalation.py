from collections import defaultdict

from odoo import api, fields, models
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
        """Warning: the clock's warning instant; breach: its deadline; after
        breach: the delay in working hours after the deadline."""
        after = self.filtered(lambda r: r.escalation_id.trigger == "after_breach")
        for run in self - after:
            clock = run.clock_id
            run.due_date = clock.warning_date if run.escalation_id.trigger == "warning" else clock.deadline
        instants = self.env["resource.calendar"]._cs_add_working_hours_batch(
            [(run.clock_id.calendar_id, run.clock_id.deadline, run.escalation_id.delay_hours) for run in after]
        )
        for run, instant in zip(after, instants):
            run.due_date = instant

    @api.model
    def _cs_run_due(self, now, batch_size):
        cron = self.env["ir.cron"]
        due_domain = (
            Domain("state", "=", "pending")
            & Domain("due_date", "<=", now)
            & Domain("clock_status", "in", ["running", "breached"])
        )
        while runs := self.search(due_domain, limit=batch_size, order="due_date, id"):
            locked = runs.try_lock_for_update(allow_referencing=True)
            if not locked:
                break
            # Marked done before acting: an action may re-match the ticket's
            # policy and replace its clocks, never run the rule twice.
            locked.write({"state": "done", "done_date": now})
            by_rule = defaultdict(lambda: self.env["helpdesk.ticket"])
            for run in locked:
                by_rule[run.escalation_id] |= run.ticket_id
            for escalation, tickets in by_rule.items():
                escalation._cs_apply(tickets.exists())
            if not cron._commit_progress(len(locked)):
                return
