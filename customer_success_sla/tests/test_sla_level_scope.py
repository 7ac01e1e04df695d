from odoo import Command
from odoo.tests import HttpCase, freeze_time, tagged

from .sla_common import SlaCase


class LevelScopeCase(SlaCase):
    """Belgium policy with engagement targets; the L1 target (30 min) is due
    before the first response (1 h), so that it can breach alone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy_be.target_ids = [
            Command.create({"kind": "level_response", "support_level": level, "hours": hours,
                            "warning_percent": 50})
            for level, hours in (("l1", 0.5), ("l2", 4), ("l3", 24))
        ]

    def _level_clocks(self, ticket, level=None):
        return ticket.cs_sla_ids.filtered(
            lambda c: c.kind == "level_response" and (not level or c.support_level == level)).sorted("id")

    def _ticket_with_breached_level(self):
        with freeze_time("2026-03-30 07:00:00"):  # Monday 09:00 Brussels
            ticket = self._ticket(self.contact_be)
        with freeze_time("2026-03-30 07:45:00"):
            self._sweep()
        self.assertEqual(self._level_clocks(ticket, "l1").status, "breached")
        self.assertEqual(self._clock(ticket, "first_response").status, "running")
        return ticket


@tagged("post_install", "-at_install")
class TestSlaLevelScope(LevelScopeCase):
    """Level engagement is an internal OLA: it never changes the figures the
    customer is promised and shown."""

    def test_a_breached_level_clock_changes_no_customer_figure(self):
        ticket = self._ticket_with_breached_level()
        self.assertNotEqual(ticket.cs_sla_status, "breached")
        self.assertEqual(ticket.cs_sla_deadline, self.utc(2026, 3, 30, 8, 0), "the first response is due next")
        self.assertEqual((ticket.cs_sla_met_count, ticket.cs_sla_breached_count), (0, 0))
        with freeze_time("2026-03-30 07:45:00"):
            signals = self.customer_be._cs_health_signals(
                self.utc(2026, 3, 30).date(), {self.customer_be.id: []})
        self.assertIsNone(signals[self.customer_be.id]["sla_breaches"], "no customer target was due")
        figures = self.customer_be._cs_service_report_values(
            self.utc(2026, 3, 1).date(), self.utc(2026, 3, 31).date())[self.customer_be.id]
        self.assertEqual((figures["sla_met"], figures["sla_breached"]), (0, 0))

    def test_team_and_level_changed_together_open_one_level_clock(self):
        other = self._policy("Belgium urgent", self.tier_be, priority="3", sequence=5, first_response=1,
                             resolution=8)
        other.target_ids = [Command.create({"kind": "level_response", "support_level": "l2", "hours": 2})]
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
        with freeze_time("2026-03-30 07:30:00"):
            ticket.write({"priority": "3", "cs_support_level": "l2"})
        self.assertEqual(ticket.cs_sla_policy_id, other)
        l2 = self._level_clocks(ticket, "l2")
        self.assertEqual(len(l2), 1, "one L2 clock, none closed at once")
        self.assertEqual((l2.policy_id, l2.status, l2.start_date), (other, "running", self.utc(2026, 3, 30, 7, 30)))

    def test_rematch_without_level_date_counts_from_now(self):
        """Tickets opened before the upgrade have no level date: their level
        clock counts from the rematch, not from the SLA start weeks back."""
        with freeze_time("2026-03-02 07:00:00"):
            ticket = self._ticket(self.contact_be)
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM cs_ticket_sla WHERE ticket_id = %s AND kind = 'level_response'", [ticket.id])
        self.env.cr.execute("UPDATE helpdesk_ticket SET cs_support_level_date = NULL WHERE id = %s", [ticket.id])
        self.env.invalidate_all()
        other = self._policy("Belgium urgent", self.tier_be, priority="3", sequence=5, first_response=1,
                             resolution=80)
        other.target_ids = [Command.create({"kind": "level_response", "support_level": "l1", "hours": 2})]
        with freeze_time("2026-03-30 07:00:00"):
            ticket.priority = "3"
        l1 = self._level_clocks(ticket, "l1")
        self.assertEqual((l1.status, l1.start_date), ("running", self.utc(2026, 3, 30, 7, 0)))

    def test_switching_a_target_to_another_kind_clears_its_level(self):
        target = self.policy_be.target_ids.filtered(lambda t: t.support_level == "l3")
        target.kind = "periodic_update"
        self.assertFalse(target.support_level)


@tagged("post_install", "-at_install")
class TestPortalSlaLevels(LevelScopeCase, HttpCase):
    """The portal customer sees the promise made to them, not the internal
    per-level engagement clocks."""

    def test_portal_customer_sees_no_level_clock(self):
        ticket = self._ticket_with_breached_level()
        self.authenticate("cs_portal_be", "cs_portal_be")
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("First Response", page.text)
        self.assertNotIn("Level Engagement", page.text)
        self.assertNotIn("Breached", page.text)
        listing = self.url_open("/my/tickets")
        self.assertEqual(listing.status_code, 200)
        self.assertNotIn("Breached", listing.text)
        rows = self.make_jsonrpc_request("/web/dataset/call_kw/cs.ticket.sla/search_read", {
            "model": "cs.ticket.sla", "method": "search_read", "args": [[]], "kwargs": {"fields": ["kind"]},
        })
        kinds = {row["kind"] for row in rows}
        self.assertIn("first_response", kinds)
        self.assertNotIn("level_response", kinds)
