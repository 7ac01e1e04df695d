from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
class TestRouting(CustomerSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cs.sla.policy"].search([]).active = False
        # helpdesk_mgmt's own option assigns tickets to their creator
        cls.env.company.helpdesk_mgmt_ticket_auto_assign = False
        cls.category = cls.env["helpdesk.ticket.category"].create({"name": "Invoicing"})
        cls.other_category = cls.env["helpdesk.ticket.category"].create({"name": "Stock"})

        def agent(login, level=None, **values):
            user = new_test_user(cls.env, login=login, groups="customer_success_sla.group_cs_agent", **values)
            if level:
                cls.env["cs.agent.skill"].create({"user_id": user.id, "category_id": cls.category.id, "level": level})
            return user

        cls.junior = agent("cs_junior", "junior")
        cls.senior = agent("cs_senior", "senior")
        cls.expert = agent("cs_expert", "expert")
        cls.newbie = agent("cs_newbie")
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Support", "user_id": cls.expert.id,
             "user_ids": [Command.set((cls.junior | cls.senior | cls.expert | cls.newbie).ids)]}
        )
        cls.customer = cls._company("Routed Customer", cs_tier_id=cls.tier_standard.id)

    def _new(self, **values):
        return self._ticket(self.customer, team_id=self.team.id, category_id=self.category.id, **values)

    def test_least_loaded_qualified_agent_wins(self):
        self._ticket(self.customer, team_id=self.team.id, user_id=self.junior.id, category_id=self.other_category.id)
        ticket = self._new()
        self.assertEqual(ticket.user_id, self.senior, "junior already holds a ticket; newbie lacks the skill")

    def test_level_follows_support_level(self):
        ticket = self._new(cs_support_level="l3")
        self.assertIn(ticket.user_id, self.senior | self.expert)
        self.env["ir.config_parameter"].sudo().set_param("customer_success_sla.min_level_l3", "expert")
        self.assertEqual(self._new(cs_support_level="l3").user_id, self.expert)

    def test_capacity_and_availability(self):
        self.junior.cs_capacity = 1
        self._ticket(self.customer, team_id=self.team.id, user_id=self.junior.id)
        self.senior.cs_available = False
        self.assertEqual(self._new().user_id, self.expert)

    def test_leave_on_the_working_calendar_makes_unavailable(self):
        resource = self.env["resource.resource"].create({"name": "Junior", "user_id": self.junior.id})
        self.env["resource.calendar.leaves"].create(
            {"name": "Holiday", "resource_id": resource.id,
             "date_from": "2000-01-01 00:00:00", "date_to": "2100-01-01 00:00:00"}
        )
        self.senior.cs_available = self.expert.cs_available = False
        ticket = self._new()
        self.assertFalse(ticket.user_id)

    def test_priority_weighs_the_load(self):
        self._ticket(self.customer, team_id=self.team.id, user_id=self.junior.id, priority="3")
        self._ticket(self.customer, team_id=self.team.id, user_id=self.senior.id, priority="0")
        self._ticket(self.customer, team_id=self.team.id, user_id=self.senior.id, priority="0")
        self._ticket(self.customer, team_id=self.team.id, user_id=self.expert.id, priority="3")
        self._ticket(self.customer, team_id=self.team.id, user_id=self.expert.id, priority="0")
        # loads: junior 4, senior 2, expert 5
        self.assertEqual(self._new().user_id, self.senior)

    def test_ties_go_round_robin(self):
        picks = [self._new().user_id for _index in range(3)]
        self.assertEqual(len(set(picks)), 3, "equal loads: each qualified agent in turn")
        self.assertEqual(self.team.cs_last_assigned_user_id, picks[-1])

    def test_round_robin_method_ignores_load(self):
        self.team.cs_assignment_method = "round_robin"
        # round-robin resumes after the latest agent routing picked in the team
        self._ticket(self.customer, team_id=self.team.id, user_id=self.junior.id).write(
            {"cs_routed_user_id": self.junior.id, "cs_routed_date": "2100-01-01 00:00:00"})
        self._ticket(self.customer, team_id=self.team.id, user_id=self.senior.id)
        self.assertEqual(self._new().user_id, self.senior, "next after the junior, loaded or not")

    def test_manual_teams_keep_their_queue(self):
        self.team.cs_assignment_method = "off"
        self.assertFalse(self._new().user_id)

    def test_no_candidate_leaves_the_ticket_queued_and_tells_the_leader(self):
        (self.junior | self.senior | self.expert).cs_available = False
        ticket = self._new()
        self.assertFalse(ticket.user_id)
        self.assertEqual(ticket.activity_ids.user_id, self.expert)

    def test_tickets_assigned_to_the_system_by_helpdesk_are_routed(self):
        self.env.company.helpdesk_mgmt_ticket_auto_assign = True  # assigns the creator: OdooBot here
        self.assertIn(self._new().user_id, self.junior | self.senior | self.expert)

    def test_explicit_assignee_is_kept(self):
        self.assertEqual(self._new(user_id=self.newbie.id).user_id, self.newbie)

    def test_escalation_reassigns_to_a_higher_level(self):
        ticket = self._new()
        (self.senior | self.expert).cs_available = True
        ticket.user_id = self.junior
        rule = self.env["cs.sla.escalation"].new({"trigger": "breach", "to_support_level": "l2"})
        rule._cs_apply(ticket)
        self.assertEqual(ticket.cs_support_level, "l2")
        self.assertIn(ticket.user_id, self.senior | self.expert)

    def test_escalation_keeps_a_qualified_agent(self):
        ticket = self._new(user_id=self.expert.id)
        self.env["cs.sla.escalation"].new({"trigger": "breach", "to_support_level": "l3"})._cs_apply(ticket)
        self.assertEqual(ticket.user_id, self.expert)

    def test_tier_routes_to_its_dedicated_team(self):
        vip_desk = self.env["helpdesk.ticket.team"].create(
            {"name": "VIP desk", "user_ids": [Command.set(self.expert.ids)]}
        )
        self.tier_vip.team_id = vip_desk
        vip = self._company("VIP account", cs_tier_id=self.tier_vip.id)
        ticket = self._ticket(vip, team_id=self.team.id)
        self.assertEqual(ticket.team_id, vip_desk)
        self.assertEqual(ticket.user_id, self.expert)

    def test_tier_routes_to_the_csm_first(self):
        self.tier_core.route_to_csm = True
        account = self._company("Core account", cs_tier_id=self.tier_core.id, cs_csm_user_id=self.csm_b.id)
        self.assertEqual(self._ticket(account, team_id=self.team.id).user_id, self.csm_b)
        self.csm_b.cs_available = False
        self.assertNotEqual(self._ticket(account, team_id=self.team.id).user_id, self.csm_b)

    def test_bad_capacity_and_skill_are_refused(self):
        from psycopg2 import IntegrityError

        from odoo.exceptions import ValidationError
        from odoo.tools import mute_logger

        for capacity in (0, -3):
            with self.subTest(capacity=capacity), mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
                self.junior.cs_capacity = capacity
                self.env.flush_all()
        with self.assertRaises(ValueError):
            self.env["cs.agent.skill"].create({"user_id": self.junior.id, "category_id": self.other_category.id, "level": "guru"})
        with self.assertRaises(ValidationError):
            self.env["cs.agent.skill"].create({"user_id": self.junior.id, "level": "senior"})

    def test_agent_sets_own_availability_but_not_skills(self):
        from odoo.exceptions import AccessError

        self.junior.with_user(self.junior).cs_available = False
        self.assertFalse(self.junior.cs_available)
        skill = self.junior.cs_skill_ids.with_user(self.junior)
        self.assertEqual(skill.level, "junior")
        with self.assertRaises(AccessError):
            skill.level = "expert"
        self.assertFalse(self.env["cs.agent.skill"].with_user(self.junior).search([("user_id", "=", self.senior.id)]))

    def test_routing_decision_costs_the_same_queries_for_10_or_40_tickets(self):
        def queries(count):
            tickets = self.Ticket.create(
                [{"name": f"T{i}", "description": "x", "partner_id": self.customer.id, "team_id": self.team.id,
                  "category_id": self.category.id, "user_id": self.newbie.id} for i in range(count)]
            )
            tickets.user_id = False
            (self.junior | self.senior | self.expert).cs_capacity = 1000
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            picks = tickets._cs_routing_picks()
            self.env.flush_all()
            self.assertTrue(all(picks[ticket] for ticket in tickets))
            return self.cr.sql_log_count - before

        queries(2)
        ten, forty = queries(10), queries(40)
        self.assertLessEqual(forty - ten, 2, f"10 tickets: {ten} queries, 40 tickets: {forty}")
