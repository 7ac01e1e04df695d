from odoo import Command
from odoo.tests import freeze_time, tagged

from .sla_common import SlaCase


@tagged("post_install", "-at_install")
class TestSlaSweep(SlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_l2 = cls.env["helpdesk.ticket.team"].create({"name": "Experts"})
        resolution = cls.policy_be.target_ids.filtered(lambda t: t.kind == "resolution")
        cls.on_warning = cls.env["cs.sla.escalation"].create(
            {"target_id": resolution.id, "trigger": "warning", "notify_user_ids": [Command.set(cls.csm_a.ids)]}
        )
        cls.on_breach = cls.env["cs.sla.escalation"].create(
            {"target_id": resolution.id, "trigger": "breach", "to_support_level": "l2", "team_id": cls.team_l2.id}
        )
        cls.after_breach = cls.env["cs.sla.escalation"].create(
            {"target_id": resolution.id, "trigger": "after_breach", "delay_hours": 2,
             "to_support_level": "l3", "raise_priority": True}
        )

    def test_warning_flag_and_escalation(self):
        with freeze_time("2026-03-30 07:00:00"):  # Mon 09:00 local, resolution 4 h, warning at 50 %
            ticket = self._ticket(self.contact_be)
        with freeze_time("2026-03-30 09:00:00"):  # 2 working hours consumed
            self._sweep()
        resolution = self._clock(ticket, "resolution")
        self.assertTrue(resolution.warning)
        self.assertEqual(resolution.status, "running")
        self.assertEqual(ticket.cs_sla_status, "breached", "the first response (1 h) is late already")
        activity = ticket.activity_ids.filtered(lambda a: a.user_id == self.csm_a)
        self.assertEqual(len(activity), 1)

    def test_escalations_run_once_across_repeated_sweeps(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be, priority="1")
        with freeze_time("2026-03-30 13:00:00"):  # Mon 15:00 local: resolution due 14:00 → breached
            self._sweep()
            self._sweep()
        self.assertEqual(self._clock(ticket, "resolution").status, "breached")
        self.assertEqual(ticket.cs_support_level, "l2")
        self.assertEqual(ticket.team_id, self.team_l2)
        self.assertEqual(len(ticket.activity_ids.filtered(lambda a: a.user_id == self.csm_a)), 1)
        self.assertEqual(ticket.priority, "1", "after-breach rule not due yet")
        with freeze_time("2026-03-30 14:00:00"):  # Mon 16:00 local: 2 working hours after the breach
            self._sweep()
            self._sweep()
        self.assertEqual(ticket.cs_support_level, "l3")
        self.assertEqual(ticket.priority, "2", "priority raised exactly once")
        runs = self.env["cs.ticket.sla.escalation"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(sorted(runs.mapped("state")), ["done", "done", "done"])
        breach_notes = ticket.message_ids.filtered(lambda m: "breached" in (m.body or ""))
        self.assertEqual(len(breach_notes.filtered(lambda m: "Resolution" in m.body)), 1)

    def test_met_target_cancels_pending_escalations(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
        with freeze_time("2026-03-30 08:00:00"):
            ticket.stage_id = self.stage_done
        with freeze_time("2026-03-31 08:00:00"):
            self._sweep()
        self.assertEqual(ticket.cs_support_level, "l1")
        runs = self.env["cs.ticket.sla.escalation"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(set(runs.mapped("state")), {"cancelled"})

    def test_sweep_reads_only_due_clocks(self):
        with freeze_time("2026-03-30 07:00:00"):
            self.Ticket.create(
                [{"name": f"T{index}", "description": "x", "partner_id": self.contact_be.id} for index in range(30)]
            )
        Clock = self.env["cs.ticket.sla"]
        with freeze_time("2026-03-30 07:10:00"):
            self.env.invalidate_all()
            self.assertFalse(Clock.search(Clock._cs_due_domain(self.utc(2026, 3, 30, 7, 10))))
            before = self.cr.sql_log_count
            self._sweep()
            nothing_due = self.cr.sql_log_count - before
        self.assertLessEqual(nothing_due, 6, "an idle sweep costs a few queries whatever the open clocks")
