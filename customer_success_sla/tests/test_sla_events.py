from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .sla_common import SlaCase


@tagged("post_install", "-at_install")
class TestSlaEvents(SlaCase):
    """Messages, stages and re-matching move the clocks."""

    def _agent_reply(self, ticket, body="We are on it."):
        return ticket.with_user(self.agent).message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )

    def test_internal_note_is_not_a_first_response(self):
        with freeze_time("2026-03-30 07:00:00"):  # Monday 09:00 Brussels
            ticket = self._ticket(self.contact_be)
        with freeze_time("2026-03-30 07:20:00"):
            ticket.with_user(self.agent).message_post(
                body="Looking", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        self.assertFalse(ticket.cs_first_response_date)
        self.assertEqual(self._clock(ticket, "first_response").status, "running")
        with freeze_time("2026-03-30 07:30:00"):
            self._agent_reply(ticket)
        first = self._clock(ticket, "first_response")
        self.assertEqual(first.status, "met")
        self.assertEqual(first.reached_date, self.utc(2026, 3, 30, 7, 30))
        self.assertEqual(ticket.cs_first_response_date, self.utc(2026, 3, 30, 7, 30))

    def test_customer_message_is_not_a_first_response(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
            ticket.with_user(self.portal_be).message_post(
                body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(self._clock(ticket, "first_response").status, "running")

    def test_customer_message_after_reply_starts_next_response(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
            self._agent_reply(ticket)
        with freeze_time("2026-03-30 08:00:00"):
            ticket.with_user(self.portal_be).message_post(
                body="It still fails", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            ticket.with_user(self.portal_be).message_post(
                body="Really", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        following = ticket.cs_sla_ids.filtered(lambda c: c.kind == "next_response")
        self.assertEqual(len(following), 1, "a second customer message does not start another clock")
        self.assertEqual(following.deadline, self.utc(2026, 3, 30, 10, 0))  # 10:00 + 2 h local
        with freeze_time("2026-03-30 09:00:00"):
            self._agent_reply(ticket)
        self.assertEqual(following.status, "met")

    def test_pause_and_resume_move_the_deadline(self):
        with freeze_time("2026-03-30 07:00:00"):  # Mon 09:00
            ticket = self._ticket(self.contact_be)
        resolution = self._clock(ticket, "resolution")
        self.assertEqual(resolution.deadline, self.utc(2026, 3, 30, 12, 0))  # 09-12, 13-14 local
        with freeze_time("2026-03-30 08:00:00"):  # Mon 10:00
            ticket.stage_id = self.stage_awaiting
        self.assertEqual(resolution.status, "paused")
        self.assertEqual(ticket.cs_sla_status, "paused", "every open clock waits: the ticket reads Paused")
        self.assertFalse(ticket.cs_sla_deadline, "nothing counts down")
        with freeze_time("2026-03-30 12:00:00"):  # Mon 14:00: 3 working hours paused
            ticket.stage_id = self.stage_progress
        self.assertEqual(resolution.status, "running")
        self.assertEqual(ticket.cs_sla_status, "on_track")
        self.assertAlmostEqual(resolution.paused_hours, 3.0)
        self.assertEqual(resolution.deadline, self.utc(2026, 3, 30, 15, 0))  # Mon 17:00 local

    def test_paused_clock_is_not_breached_by_the_sweep(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
            ticket.stage_id = self.stage_awaiting
        with freeze_time("2026-04-03 07:00:00"):
            self._sweep()
        self.assertEqual(self._clock(ticket, "resolution").status, "paused")

    def test_closing_meets_resolution_and_reopening_restarts_it(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
            self._agent_reply(ticket)
        with freeze_time("2026-03-30 09:00:00"):
            ticket.stage_id = self.stage_done
        first = self._clock(ticket, "resolution")
        self.assertEqual((first.status, first.reached_date), ("met", self.utc(2026, 3, 30, 9, 0)))
        self.assertEqual(ticket.cs_sla_status, "met")
        with freeze_time("2026-03-31 07:00:00"):  # Tue 09:00
            ticket.stage_id = self.stage_progress
        self.assertEqual(ticket.cs_reopen_count, 1)
        second = self._clock(ticket, "resolution", "running")
        self.assertNotEqual(first, second)
        self.assertEqual(second.start_date, self.utc(2026, 3, 31, 7, 0))
        self.assertEqual(second.deadline, self.utc(2026, 3, 31, 12, 0))
        self.assertEqual(first.status, "met", "the first resolution keeps its result")

    def test_ticket_created_closed_awaits_nothing(self):
        """An imported or logged-once-solved ticket gets its policy but no
        clock that would run, and breach, on a closed ticket."""
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be, stage_id=self.stage_done.id)
        self.assertEqual(ticket.cs_sla_policy_id, self.policy_be)
        self.assertFalse(ticket.cs_sla_ids)
        with freeze_time("2026-04-30 07:00:00"):
            self._sweep()
        self.assertNotEqual(ticket.cs_sla_status, "breached")

    def test_priority_change_rematches_from_the_ticket_start(self):
        urgent = self._policy("Belgium urgent", self.tier_be, priority="3", sequence=1,
                              first_response=0.5, resolution=2)
        with freeze_time("2026-03-30 07:00:00"):  # Mon 09:00
            ticket = self._ticket(self.contact_be, priority="1")
            self._agent_reply(ticket)
        met_first = self._clock(ticket, "first_response")
        with freeze_time("2026-03-30 08:00:00"):
            ticket.priority = "3"
        self.assertEqual(ticket.cs_sla_policy_id, urgent)
        resolution = self._clock(ticket, "resolution")
        self.assertEqual(resolution.policy_id, urgent)
        self.assertEqual(resolution.start_date, self.utc(2026, 3, 30, 7, 0), "elapsed time still counts")
        self.assertEqual(resolution.deadline, self.utc(2026, 3, 30, 9, 0))
        self.assertEqual(self._clock(ticket, "first_response"), met_first, "a met target keeps its result")
        self.assertEqual(met_first.status, "met")

    def test_tier_change_on_the_customer_rematches_open_tickets(self):
        with freeze_time("2026-03-27 08:00:00"):
            ticket = self._ticket(self.contact_be)
            self.customer_be.cs_tier_id = self.tier_cn
        self.assertEqual(ticket.cs_sla_policy_id, self.policy_cn)
        self.assertEqual(self._clock(ticket, "resolution").calendar_id, self.shanghai)

    def test_breached_then_met_stays_breached(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
        with freeze_time("2026-03-30 09:00:00"):  # Mon 11:00 local: first response due at 10:00
            self._sweep()
            first = self._clock(ticket, "first_response")
            self.assertEqual(first.status, "breached")
            self.assertEqual(ticket.cs_sla_status, "breached")
            self._agent_reply(ticket)
        self.assertEqual(first.status, "breached")
        self.assertEqual(first.reached_date, self.utc(2026, 3, 30, 9, 0))

    def test_late_reply_without_sweep_is_a_breach(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
        with freeze_time("2026-03-30 09:00:00"):
            self._agent_reply(ticket)
        self.assertEqual(self._clock(ticket, "first_response").status, "breached")
        self.assertIn("met late", ticket.message_ids[:3].mapped("body")[0] + "".join(ticket.message_ids.mapped("body")))


@tagged("post_install", "-at_install")
class TestSlaConfiguration(SlaCase):
    def test_targets_need_positive_hours(self):
        for hours in (0, -1):
            with self.subTest(hours=hours), self.assertRaises(ValidationError):
                self.env["cs.sla.target"].create({"policy_id": self.policy_cn.id, "kind": "next_response", "hours": hours})

    def test_warning_threshold_between_1_and_99(self):
        for percent in (0, 100, 150):
            with self.subTest(percent=percent), self.assertRaises(ValidationError):
                self.env["cs.sla.target"].create(
                    {"policy_id": self.policy_cn.id, "kind": "next_response", "hours": 1, "warning_percent": percent}
                )

    def test_two_targets_of_the_same_kind_are_refused(self):
        from psycopg2 import IntegrityError

        from odoo.tools import mute_logger

        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["cs.sla.target"].create({"policy_id": self.policy_cn.id, "kind": "resolution", "hours": 3})

    def test_calendar_without_working_time_is_refused(self):
        empty = self.env["resource.calendar"].create({"name": "Never", "attendance_ids": [(5, 0, 0)]})
        with self.assertRaisesRegex(ValidationError, "no working time"):
            self.policy_cn.resource_calendar_id = empty

    def test_closed_stage_cannot_pause(self):
        with self.assertRaisesRegex(ValidationError, "closed stage"):
            self.policy_cn.pause_stage_ids |= self.stage_done

    def test_after_breach_escalation_needs_a_delay(self):
        target = self.policy_cn.target_ids.filtered(lambda t: t.kind == "resolution")
        with self.assertRaises(ValidationError):
            self.env["cs.sla.escalation"].create({"target_id": target.id, "trigger": "after_breach"})

    def test_shipped_policies_reflect_the_entitlements(self):
        vip = self.env.ref("customer_success_sla.sla_vip_very_high")
        hours = {t.kind: t.hours for t in vip.target_ids}
        self.assertAlmostEqual(hours["first_response"] * 60, 5, places=2)
        self.assertEqual(hours["resolution"], 2)
        core = self.env.ref("customer_success_sla.sla_core_other")
        self.assertEqual({t.kind: t.hours for t in core.target_ids}["first_response"], 0.5)
        low = self.env.ref("customer_success_sla.sla_standard_low")
        self.assertEqual({t.kind: t.hours for t in low.target_ids}["first_response"], 24)
