from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .sla_common import SlaCase


@tagged("post_install", "-at_install")
class TestSlaLevels(SlaCase):
    """Engagement targets per support level and periodic customer updates,
    on the Brussels calendar (09-12, 13-18 local, UTC+2 in April 2026)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy_be.target_ids = [
            Command.create({"kind": "level_response", "support_level": level, "hours": hours,
                            "warning_percent": 50})
            for level, hours in (("l1", 1), ("l2", 4), ("l3", 24))
        ] + [Command.create({"kind": "periodic_update", "hours": 2, "warning_percent": 50})]
        cls.resolution_target = cls.policy_be.target_ids.filtered(lambda t: t.kind == "resolution")
        cls.env["cs.sla.escalation"].create(
            {"target_id": cls.resolution_target.id, "trigger": "breach", "to_support_level": "l2"}
        )
        cls.engineer = new_test_user(
            cls.env, login="cs_engineer", name="Engineer",
            groups="customer_success_sla.group_cs_agent,helpdesk_mgmt.group_helpdesk_user",
        )

    def _post(self, ticket, user, note=False):
        return ticket.with_user(user).message_post(
            body="Update", message_type="comment", subtype_xmlid="mail.mt_note" if note else "mail.mt_comment"
        )

    def _level_clock(self, ticket, level):
        return ticket.cs_sla_ids.filtered(lambda c: c.kind == "level_response" and c.support_level == level)

    def _periodic(self, ticket):
        return ticket.cs_sla_ids.filtered(lambda c: c.kind == "periodic_update").sorted("id")

    def test_l2_clock_starts_on_escalation_and_is_met_by_an_internal_note(self):
        with freeze_time("2026-03-30 07:00:00"):  # Monday 09:00 Brussels
            ticket = self._ticket(self.contact_be)
        l1 = self._level_clock(ticket, "l1")
        self.assertEqual(l1.status, "running")
        self.assertEqual(l1.deadline, self.utc(2026, 3, 30, 8, 0))
        self.assertFalse(self._level_clock(ticket, "l2"), "no L2 clock before the ticket reaches L2")
        with freeze_time("2026-03-30 07:40:00"):
            self._post(ticket, self.agent)
        self.assertEqual(l1.status, "met")
        self.assertAlmostEqual(l1.elapsed_hours, 40 / 60, places=3)
        # Resolution (4 h) is due at 14:00 local: its breach escalates to L2.
        with freeze_time("2026-03-30 12:05:00"):
            self._sweep()
        self.assertEqual(ticket.cs_support_level, "l2")
        l2 = self._level_clock(ticket, "l2")
        self.assertEqual(l2.status, "running")
        self.assertEqual(l2.start_date, self.utc(2026, 3, 30, 12, 5))
        self.assertEqual(l2.deadline, self.utc(2026, 3, 31, 7, 5))  # 14:05-18:00, then Tue 09:00-09:05
        with freeze_time("2026-03-30 15:00:00"):  # 17:00 local
            self._post(ticket, self.engineer, note=True)
        self.assertEqual(l2.status, "met")
        self.assertEqual(l2.reached_date, self.utc(2026, 3, 30, 15, 0))
        self.assertAlmostEqual(l2.elapsed_hours, 2 + 55 / 60, places=3)
        self.assertEqual(l1.status, "met", "the L1 clock keeps its result")
        self.assertEqual(ticket.cs_agent_reply_count, 1, "an internal note is no customer reply")
        # The analyses: per ticket (one row, a column per level) and per clock (grouped by level).
        self.env.flush_all()
        row = self.env["cs.ticket.report"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual((row.support_level, row.level_met_clocks, row.level_breached_clocks), ("l2", 2, 0))
        self.assertAlmostEqual(row.l1_engagement_hours, 40 / 60, places=3)
        self.assertAlmostEqual(row.l2_engagement_hours, 2 + 55 / 60, places=3)
        self.assertFalse(row.l3_engagement_hours)
        by_level = dict(self.env["cs.ticket.sla"]._read_group(
            [("ticket_id", "=", ticket.id)], ["support_level"], ["success_rate:avg"]))
        self.assertEqual((by_level["l1"], by_level["l2"]), (100.0, 100.0))

    def test_l3_clock_breached(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
        with freeze_time("2026-03-30 07:30:00"):
            ticket.with_user(self.agent).cs_support_level = "l3"  # by hand, straight to the expert
        l1, l3 = self._level_clock(ticket, "l1"), self._level_clock(ticket, "l3")
        self.assertFalse(l1, "handed on before its deadline without a word: L1 is measured neither way")
        self.assertEqual(l3.start_date, self.utc(2026, 3, 30, 7, 30))
        self.assertEqual(l3.deadline, self.utc(2026, 4, 2, 7, 30))  # 3 days of 8 h: Thursday 09:30
        with freeze_time("2026-04-02 07:29:00"):
            self._sweep()
        self.assertEqual(l3.status, "running")
        with freeze_time("2026-04-02 08:00:00"):
            self._sweep()
        self.assertEqual(l3.status, "breached")
        self.assertIn("Level Engagement L3", ticket.message_ids[0].body)
        with freeze_time("2026-04-02 09:00:00"):
            self._post(ticket, self.engineer, note=True)
        self.assertEqual(l3.status, "breached", "a late engagement stays a breach")
        self.assertEqual(l3.reached_date, self.utc(2026, 4, 2, 9, 0))

    def test_level_left_without_a_message(self):
        """Only a message from the level meets its clock: a level left after
        its deadline without one is breached for good (a later level's
        message does not engage it), a ticket closed before the deadline
        without one does not measure the level."""
        with freeze_time("2026-03-30 07:00:00"):  # Monday 09:00 Brussels, L1 due 10:00
            late = self._ticket(self.contact_be)
            early = self._ticket(self.contact_be)
        with freeze_time("2026-03-30 08:30:00"):
            late.with_user(self.agent).cs_support_level = "l2"
        l1 = self._level_clock(late, "l1")
        self.assertEqual((l1.status, l1.reached_date), ("breached", False))
        self.assertIn("Level Engagement L1", late.message_ids[0].body)
        with freeze_time("2026-03-30 09:00:00"):
            self._post(late, self.engineer, note=True)
        self.assertEqual(self._level_clock(late, "l2").status, "met")
        self.assertEqual((l1.status, l1.reached_date), ("breached", False), "L2's note does not engage L1")
        with freeze_time("2026-03-30 07:20:00"):
            early.stage_id = self.stage_done
        self.assertFalse(self._level_clock(early, "l1"), "closed within the hour without an L1 message")
        self.assertEqual(early.cs_sla_ids.filtered(lambda c: c.kind == "first_response").status, "met",
                         "the close still answers the customer's clocks")

    def test_periodic_updates_met_and_breached_across_a_pause(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
        self.assertFalse(self._periodic(ticket), "no update is due before the first response")
        with freeze_time("2026-03-30 07:30:00"):  # 09:30 local: first response
            self._post(ticket, self.agent)
        first = self._periodic(ticket)
        self.assertEqual(first.deadline, self.utc(2026, 3, 30, 9, 30))
        with freeze_time("2026-03-30 08:30:00"):  # 10:30 local
            ticket.stage_id = self.stage_awaiting
        self.assertEqual(first.status, "paused")
        with freeze_time("2026-03-30 10:00:00"):
            self._sweep()
            self._post(ticket, self.agent, note=True)
        self.assertEqual(first.status, "paused", "neither the sweep nor a note touches a paused update clock")
        with freeze_time("2026-03-30 12:30:00"):  # 14:30 local: 3 working hours paused
            ticket.stage_id = self.stage_progress
        self.assertEqual(first.deadline, self.utc(2026, 3, 30, 13, 30))
        with freeze_time("2026-03-30 13:00:00"):  # 15:00 local: on time thanks to the pause
            self._post(ticket, self.agent)
        self.assertEqual(first.status, "met")
        second = self._periodic(ticket) - first
        self.assertEqual((second.status, second.start_date), ("running", self.utc(2026, 3, 30, 13, 0)))
        with freeze_time("2026-03-30 14:00:00"):  # 16:00 local
            ticket.stage_id = self.stage_awaiting
        with freeze_time("2026-03-31 07:00:00"):  # Tuesday 09:00: 2 working hours paused
            ticket.stage_id = self.stage_progress
        self.assertEqual(second.deadline, self.utc(2026, 3, 31, 8, 0))
        with freeze_time("2026-03-31 08:30:00"):
            self._sweep()
        self.assertEqual(second.status, "breached")
        with freeze_time("2026-03-31 09:00:00"):
            self._post(ticket, self.agent)
        self.assertEqual((second.status, second.reached_date), ("breached", self.utc(2026, 3, 31, 9, 0)))
        third = self._periodic(ticket) - first - second
        self.assertEqual(third.status, "running")
        with freeze_time("2026-03-31 10:00:00"):
            ticket.stage_id = self.stage_done
        self.assertEqual(third.status, "met")
        self.assertEqual(len(self._periodic(ticket)), 3, "a closed ticket owes no more updates")

    def test_reopen_and_rematch_keep_level_and_update_clocks(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
        with freeze_time("2026-03-30 07:10:00"):
            ticket.with_user(self.agent).cs_support_level = "l2"
        other = self._policy("Belgium urgent", self.tier_be, priority="3", sequence=5, first_response=1,
                             resolution=8)
        other.target_ids = [
            Command.create({"kind": "level_response", "support_level": "l2", "hours": 2}),
            Command.create({"kind": "periodic_update", "hours": 1}),
        ]
        with freeze_time("2026-03-30 08:00:00"):
            ticket.priority = "3"
        self.assertEqual(ticket.cs_sla_policy_id, other)
        l2 = self._level_clock(ticket, "l2").filtered(lambda c: c.status == "running")
        self.assertEqual((l2.policy_id, l2.start_date), (other, self.utc(2026, 3, 30, 7, 10)))
        self.assertFalse(self._periodic(ticket), "still no first response")
        with freeze_time("2026-03-30 08:30:00"):
            self._post(ticket, self.agent)
            ticket.stage_id = self.stage_done
        with freeze_time("2026-03-30 09:00:00"):
            ticket.stage_id = self.stage_progress
        self.assertEqual(self._periodic(ticket)[-1:].status, "running", "a reopened ticket owes updates again")

    def test_bad_targets_are_refused(self):
        Target = self.env["cs.sla.target"]
        base = {"policy_id": self.policy_cn.id, "hours": 1}
        with self.assertRaisesRegex(ValidationError, "needs the support level"), self.env.cr.savepoint():
            Target.create({**base, "kind": "level_response"})
        only_levels = "Only Level Engagement targets have a support level"
        with self.assertRaisesRegex(ValidationError, only_levels), self.env.cr.savepoint():
            Target.create({**base, "kind": "next_response", "support_level": "l2"})
        with self.assertRaisesRegex(ValidationError, "every 5 minutes"), self.env.cr.savepoint():
            Target.create({**base, "kind": "periodic_update", "hours": 0.05})
        Target.create({**base, "kind": "periodic_update", "hours": 0.083333})
        Target.create({**base, "kind": "level_response", "support_level": "l1"})
        Target.create({**base, "kind": "level_response", "support_level": "l2"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Target.create({**base, "kind": "level_response", "support_level": "l2"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Target.create({**base, "kind": "first_response"})

    def test_shipped_targets(self):
        def hours(policy, kind, level=False):
            targets = self.env.ref(f"customer_success_sla.sla_{policy}").target_ids
            return targets.filtered(lambda t: t.kind == kind and t.support_level == level).hours

        self.assertEqual([hours("core_other", "level_response", lv) for lv in ("l1", "l2", "l3")], [1, 4, 24])
        self.assertEqual([hours("vip_high", "level_response", lv) for lv in ("l1", "l2", "l3")], [0.5, 2, 8])
        self.assertEqual(hours("vip_very_high", "periodic_update"), 0.5)
        self.assertEqual(hours("vip_high", "periodic_update"), 2)
        self.assertFalse(hours("vip_other", "periodic_update"))
