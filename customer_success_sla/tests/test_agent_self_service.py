from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.service.model import call_kw
from odoo.tests import new_test_user, tagged

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
class TestAgentProfile(CustomerSuccessCase):
    """Agents switch their own availability and see their capacity and
    skills (My Preferences, Customer Success ▸ My Availability); only
    customer success managers set a capacity (issue 19)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env["helpdesk.ticket.category"].create({"name": "Printing"})
        cls.env["cs.agent.skill"].create({"user_id": cls.agent.id, "category_id": category.id, "level": "senior"})
        cls.settings_admin = new_test_user(
            cls.env, login="cs_settings_admin", groups="base.group_user,base.group_erp_manager")

    def _arch(self, user, view_xmlid):
        view = self.env.ref(view_xmlid)
        arch = self.env["res.users"].with_user(user).get_views([(view.id, "form")])["views"]["form"]["arch"]
        return etree.fromstring(arch)

    def test_preferences_show_availability_capacity_and_skills(self):
        arch = self._arch(self.agent, "base.view_users_form_simple_modif")
        available = arch.xpath("//page[@name='cs_agent_profile']//field[@name='cs_available']")
        self.assertTrue(available)
        self.assertEqual(available[0].get("readonly"), "0")
        capacity = arch.xpath("//page[@name='cs_agent_profile']//field[@name='cs_capacity']")
        self.assertEqual(capacity[0].get("readonly"), "1")
        self.assertTrue(arch.xpath("//page[@name='cs_agent_profile']//field[@name='cs_skill_ids']"))
        # not for internal users outside the customer success groups
        other = new_test_user(self.env, login="cs_plain_user", groups="base.group_user")
        self.assertFalse(self._arch(other, "base.view_users_form_simple_modif").xpath(
            "//page[@name='cs_agent_profile']"))

    def test_helpdesk_menu_opens_the_agents_own_profile(self):
        action = self.env.ref("customer_success_sla.action_cs_my_agent_profile").with_user(self.agent).run()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.users", self.agent.id))
        view_id = action["views"][0][0]
        arch = self._arch(self.agent, "customer_success_sla.res_users_view_form_cs_my_profile")
        self.assertEqual(view_id, self.env.ref("customer_success_sla.res_users_view_form_cs_my_profile").id)
        self.assertEqual(arch.xpath("//field[@name='cs_capacity']")[0].get("readonly"), "1")
        self.assertTrue(arch.xpath("//field[@name='cs_skill_ids']"))
        menu = self.env.ref("customer_success_sla.menu_cs_my_agent_profile")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.agent)._visible_menu_ids())
        # what the dialog saves: the availability alone, on the agent's own user
        self.agent.with_user(self.agent).write({"cs_available": False})
        self.assertFalse(self.agent.cs_available)
        self.assertEqual(self.agent.with_user(self.agent).cs_skill_ids.level, "senior")

    def test_agent_cannot_set_own_capacity(self):
        with self.assertRaisesRegex(AccessError, "customer success managers"):
            self.agent.with_user(self.agent).write({"cs_capacity": 99})
        with self.assertRaisesRegex(AccessError, "customer success managers"):
            self.agent.with_user(self.agent).write({"cs_available": True, "cs_capacity": 99})
        self.assertEqual(self.agent.cs_capacity, 20)

    def test_user_administrator_outside_customer_success_cannot_set_capacity(self):
        with self.assertRaisesRegex(AccessError, "customer success managers"):
            self.agent.with_user(self.settings_admin).cs_capacity = 99

    def test_manager_sets_an_agents_capacity_and_availability(self):
        self.agent.with_user(self.csm_a).write({"cs_capacity": 5, "cs_available": False})
        self.assertEqual((self.agent.cs_capacity, self.agent.cs_available), (5, False))
        # the routing profile only: other user fields stay with user administrators
        with self.assertRaises(AccessError):
            self.agent.with_user(self.csm_a).write({"cs_capacity": 6, "login": "renamed"})
        portal = new_test_user(self.env, login="cs_portal_capacity", groups="base.group_portal")
        with self.assertRaises(AccessError):
            portal.with_user(self.csm_a).cs_available = False


@tagged("post_install", "-at_install")
class TestAgentCertificationOnDemand(CustomerSuccessCase):
    """Agent certification computed on demand by a manager, not only by the
    quarterly job; the empty list says how it fills (issue 19)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cs.agent.level.review"].search([]).unlink()  # a database where the job never ran

    def test_manager_computes_the_quarter_now_and_again_adds_nothing(self):
        Review = self.env["cs.agent.level.review"].with_user(self.csm_a)
        # as the list's button calls it: with the selected ids (none)
        result = call_kw(Review, "action_compute_recommendations", [[]], {})
        self.assertEqual(result["params"]["type"], "success")
        reviews = Review.search([])
        self.assertIn(self.agent, reviews.user_id)
        start, _end = Review._cs_quarter_before(fields.Date.context_today(Review))
        self.assertEqual(set(reviews.mapped("period_start")), {start})
        again = Review.action_compute_recommendations()
        self.assertEqual(again["params"]["type"], "info")
        self.assertEqual(Review.search([]), reviews)

    def test_agents_cannot_compute_certification(self):
        with self.assertRaises(AccessError):
            self.env["cs.agent.level.review"].with_user(self.agent).action_compute_recommendations()

    def test_button_and_empty_list_help(self):
        action = self.env.ref("customer_success_sla.action_cs_agent_level_review")
        self.assertIn("Compute Recommendations", action.help)
        self.assertIn("o_view_nocontent", action.help)
        arch = self.env["cs.agent.level.review"].with_user(self.csm_a).get_views([(False, "list")])["views"]["list"]["arch"]
        button = etree.fromstring(arch).xpath("//header/button[@name='action_compute_recommendations']")
        self.assertEqual(button[0].get("display"), "always")
