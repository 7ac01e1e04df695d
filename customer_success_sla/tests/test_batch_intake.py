from odoo import Command, sql_db
from odoo.tests import new_test_user, tagged

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
class TestBatchIntake(CustomerSuccessCase):
    """A batch of tickets costs per ticket what each ticket needs, not what
    looking up shared things again per ticket costs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.helpdesk_mgmt_ticket_auto_assign = False
        cls.agent = new_test_user(cls.env, login="cs_batch_agent", groups="customer_success_sla.group_cs_agent",
                                  email="batch.agent@example.com")
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Batch Support", "user_ids": [Command.set(cls.agent.ids)]})
        cls.customer = cls._company("Batch Customer", cs_tier_id=cls.tier_standard.id)

    def _create(self, count):
        return self.env["helpdesk.ticket"].create([
            {"name": f"Batch {index}", "description": "<p>Help</p>", "partner_id": self.customer.id,
             "team_id": self.team.id} for index in range(count)])

    def _assignment_notices(self):
        return self.env["mail.message"].search([
            ("partner_ids", "in", self.agent.partner_id.ids), ("subject", "ilike", "You have been assigned")])

    def test_one_assignment_message_per_agent_and_batch(self):
        before = self._assignment_notices()
        tickets = self._create(4)
        self.assertEqual(tickets.user_id, self.agent)
        notices = self._assignment_notices() - before
        self.assertEqual(len(notices), 1, "one message for the four tickets, not one each")
        self.assertIn("4 tickets", notices.subject)
        for ticket in tickets:
            self.assertIn(ticket.display_name, notices.body)
        self.assertIn(self.agent.partner_id, tickets.message_partner_ids, "the agent still follows each ticket")

    def test_a_single_ticket_keeps_odoos_own_assignment_message(self):
        before = self._assignment_notices()
        ticket = self._create(1)
        notices = self._assignment_notices() - before
        self.assertEqual(len(notices), 1)
        self.assertEqual(notices.model, "helpdesk.ticket")
        self.assertEqual(notices.res_id, ticket.id)

    def test_numbers_and_stages_as_helpdesk_mgmt_gives_them(self):
        first_stage = self.team._get_applicable_stages()[:1]
        tickets = self._create(3)
        self.assertEqual(tickets.stage_id, first_stage)
        numbers = tickets.mapped("number")
        self.assertEqual(len(set(numbers)), 3)
        self.assertNotIn("/", numbers)
        next_number = self.env["ir.sequence"].next_by_code("helpdesk.ticket.sequence")
        self.assertGreater(next_number, max(numbers), "drawn from helpdesk_mgmt's ticket sequence")

    def test_queries_per_ticket_of_a_batch(self):
        """Ten more tickets in a batch cost at most nine queries each: the
        ticket, its creation message, its followers and three SLA clocks
        (plain helpdesk_mgmt: ten per ticket, stages and sequence looked up
        for each)."""
        self._create(2)  # warm the caches
        self.env.flush_all()
        costs = []
        for count in (10, 20):
            self.env.invalidate_all()
            before = sql_db.sql_counter
            tickets = self._create(count)
            self.env.flush_all()
            costs.append(sql_db.sql_counter - before)
            self.assertEqual(len(tickets.cs_sla_ids.filtered(lambda c: c.kind == "first_response")), count)
        self.assertLessEqual((costs[1] - costs[0]) / 10, 9, costs)
