from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
class TestProblemDetection(CustomerSuccessCase):
    """5 look-alike tickets of 3 accounts within 60 minutes: the team leader
    is told once; 5 of one account are no burst."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = new_test_user(cls.env, login="cs_leader", name="Team Leader",
                                   groups="customer_success_sla.group_cs_agent")
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Burst team", "user_id": cls.leader.id})
        cls.category = cls.env["helpdesk.ticket.category"].create({"name": "Sign-in"})
        cls.accounts = [cls._company(f"Burst {i}") for i in range(3)]
        cls.Candidate = cls.env["cs.problem.candidate"]
        # Only the tickets of each test count (the demo tickets are created "now").
        cls.env["helpdesk.ticket"].search([("create_date", ">=", "2026-03-30 00:00:00")]).stage_id = \
            cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def _burst(self, accounts, start="2026-03-30 09:00:00"):
        with freeze_time(start):
            tickets = self.Ticket.create([
                {"name": f"Cannot sign in {n}", "description": "<p>x</p>", "partner_id": account.id,
                 "category_id": self.category.id, "team_id": self.team.id}
                for n, account in enumerate(accounts)
            ])
        # The ORM stamps the transaction's time, not the frozen one.
        self.env.flush_all()
        self.env.cr.execute("UPDATE helpdesk_ticket SET create_date = %s WHERE id IN %s", [start, tuple(tickets.ids)])
        tickets.invalidate_recordset(["create_date"])
        return tickets

    def _detect(self, at):
        with freeze_time(at):
            self.Candidate._cron_detect_problems()
        return self.Candidate.search([("category_id", "=", self.category.id)])

    def _leader_activities(self, candidates):
        return self.env["mail.activity"].search(
            [("res_model", "=", "cs.problem.candidate"), ("res_id", "in", candidates.ids),
             ("user_id", "=", self.leader.id)])

    def test_five_tickets_of_three_accounts_fire_once(self):
        tickets = self._burst([self.accounts[0], self.accounts[0], self.accounts[1], self.accounts[1],
                               self.accounts[2]])
        candidate = self._detect("2026-03-30 09:20:00")
        self.assertEqual(len(candidate), 1)
        self.assertEqual(candidate.ticket_ids, tickets)
        self.assertEqual(len(self._leader_activities(candidate)), 1)
        # The next runs, with one more ticket of the same burst: no new notice.
        more = self._burst([self.accounts[2]], start="2026-03-30 09:25:00")
        again = self._detect("2026-03-30 09:30:00")
        self.assertEqual(again, candidate)
        self.assertEqual(len(self._leader_activities(candidate)), 1)
        self.assertIn(more, candidate.ticket_ids)

    def test_alike_titles_without_category_fire_once(self):
        titles = ["月度报表导出为空", "导出月度报表失败", "月度报表无法导出", "Printer jams on page two",
                  "月度报表导出报错", "月度报表导出很慢"]
        with freeze_time("2026-03-30 09:00:00"):
            tickets = self.Ticket.create([
                {"name": title, "description": "<p>x</p>", "partner_id": self.accounts[n % 3].id,
                 "team_id": self.team.id} for n, title in enumerate(titles)])
        self.env.flush_all()
        self.env.cr.execute("UPDATE helpdesk_ticket SET create_date = %s WHERE id IN %s",
                            ["2026-03-30 09:00:00", tuple(tickets.ids)])
        tickets.invalidate_recordset(["create_date"])
        with freeze_time("2026-03-30 09:20:00"):
            self.Candidate._cron_detect_problems()
            self.Candidate._cron_detect_problems()
        candidate = self.Candidate.search([("ticket_ids", "in", tickets.ids)])
        self.assertEqual(len(candidate), 1)
        self.assertEqual(candidate.ticket_ids, tickets - tickets[3])
        self.assertTrue(candidate.fingerprint.startswith("text:"))
        self.assertEqual(len(self._leader_activities(candidate)), 1)

    def test_five_tickets_of_one_account_do_not_fire(self):
        self._burst([self.accounts[0]] * 5)
        self.assertFalse(self._detect("2026-03-30 09:20:00"))

    def test_tickets_outside_the_window_do_not_count(self):
        self._burst(self.accounts[:2], start="2026-03-30 07:00:00")
        self._burst(self.accounts, start="2026-03-30 09:00:00")
        self.assertFalse(self._detect("2026-03-30 09:20:00"))

    def test_thresholds_are_settings(self):
        self.env["ir.config_parameter"].set_param("customer_success_sla.problem_min_tickets", "3")
        self._burst(self.accounts)
        self.assertEqual(len(self._detect("2026-03-30 09:20:00")), 1)

    def test_one_click_creates_the_problem_with_its_tickets(self):
        tickets = self._burst(self.accounts + self.accounts[:2])
        candidate = self._detect("2026-03-30 09:20:00")
        candidate.with_user(self.leader).action_create_problem()
        self.assertEqual(candidate.state, "done")
        self.assertEqual(candidate.problem_id.ticket_ids, tickets)
        self.assertFalse(self._leader_activities(candidate), "the activity is done")

    def test_the_detection_reads_a_bounded_number_of_tickets(self):
        self._burst(self.accounts + self.accounts[:2])
        with patch("odoo.addons.customer_success_sla.models.cs_problem_candidate.MAX_TICKETS_PER_RUN", 2):
            self.assertFalse(self._detect("2026-03-30 09:20:00"), "only 2 tickets read: no burst")

    def test_a_threshold_out_of_bounds_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "whole number from 2 to 1000"):
            self.env["ir.config_parameter"].set_param("customer_success_sla.problem_min_tickets", "1")
