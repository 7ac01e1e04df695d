from datetime import timedelta

from odoo import Command, fields, http
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.customer_success_sla.engine import service_notice

SECRET = "INTERNAL-SECRET-7f3a"


@tagged("post_install", "-at_install")
class TestStatusPage(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        now = fields.Datetime.now()
        Component = cls.env["cs.service.component"]
        cls.login_c, cls.api_c, cls.hidden_c = Component.create([
            {"name": "Login Status", "description": "Signing in"},
            {"name": "API Status"},
            {"name": "Retired", "active": False},
        ])
        cls.login_c.with_context(lang="zh_CN").name = "登录状态"
        tier = cls.env.ref("customer_success_sla.tier_vip")
        cls.account = cls.env["res.partner"].create({
            "name": "Secret Account Name Ltd", "is_company": True, "cs_tier_id": tier.id, "email": "a@example.com",
            "comment": SECRET,
        })
        cls.contact = cls.env["res.partner"].create({"name": "Portal Person", "parent_id": cls.account.id,
                                                     "email": "p@example.com"})
        cls.portal = new_test_user(cls.env, login="cs_status_portal", password="cs_status_portal",
                                   groups="base.group_portal", partner_id=cls.contact.id)
        Notice = cls.env["cs.service.notice"]
        cls.maintenance = Notice.create({
            "name": "Login maintenance now", "kind": "maintenance", "state": "in_progress", "is_published": True,
            "date_start": now - timedelta(minutes=10), "date_end": now + timedelta(hours=1),
            "component_ids": [Command.set(cls.login_c.ids)], "body": "<p>Public body</p>",
        })
        cls.named = Notice.create({
            "name": "For Secret Account Name Ltd only", "kind": "incident", "is_published": True,
            "date_start": now - timedelta(days=1), "date_end": now - timedelta(hours=20),
            "partner_ids": [Command.set(cls.account.ids)],
        })
        cls.draft = Notice.create({
            "name": "Draft incident", "kind": "incident",
            "date_start": now - timedelta(days=1), "date_end": now - timedelta(hours=20),
        })
        cls.old = Notice.create({
            "name": "Ancient incident", "kind": "incident", "is_published": True, "state": "completed",
            "date_start": now - timedelta(days=120), "date_end": now - timedelta(days=119),
        })

    def test_component_states_from_in_progress_maintenance(self):
        states = (self.login_c | self.api_c)._cs_component_states()
        self.assertEqual(states, {self.login_c: "maintenance", self.api_c: "operational"})

    def test_status_page_public_shows_states_and_no_internal_text(self):
        response = self.url_open("/status")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("Login Status", html)
        self.assertIn("Under maintenance", html)
        self.assertIn("Login maintenance now", html)
        self.assertIn("Public body", html)
        for absent in (SECRET, "Secret Account Name Ltd", "Draft incident", "Ancient incident", "Retired"):
            self.assertNotIn(absent, html)
        self.assertNotIn("Subscribe", html, "anonymous visitors cannot subscribe")

    def test_status_page_in_the_visitors_language(self):
        self.portal.lang = "zh_CN"
        self.authenticate("cs_status_portal", "cs_status_portal")
        html = self.url_open("/status").text
        self.assertIn("登录状态", html)

    def test_status_page_bounded_queries_whatever_the_history(self):
        def count():
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            self.env["cs.service.component"]._cs_status_page_values()
            return self.cr.sql_log_count - start

        count()
        few = count()
        now = fields.Datetime.now()
        self.env["cs.service.notice"].create([{
            "name": f"Past {i}", "kind": "incident", "is_published": True, "state": "completed",
            "date_start": now - timedelta(days=i % 80, hours=2), "date_end": now - timedelta(days=i % 80, hours=1),
            "component_ids": [Command.set(self.api_c.ids)],
        } for i in range(300)])
        many = count()
        self.assertLessEqual(many, few + 2)
        # components, their states (maintenance, open major problems), the notices and the
        # major incidents (problems) of the history, each with their components
        self.assertLessEqual(many, 13)

    def test_portal_subscribes_to_a_component(self):
        self.authenticate("cs_status_portal", "cs_status_portal")
        html = self.url_open("/status").text
        self.assertIn("Subscribe", html)
        response = self.url_open("/status/subscribe", data={
            "component_id": self.api_c.id, "csrf_token": http.Request.csrf_token(self)}, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        subscription = self.env["cs.service.subscription"].search([("partner_id", "=", self.contact.id)])
        self.assertEqual(subscription.component_id, self.api_c)
        # twice: still one
        self.url_open("/status/subscribe", data={"component_id": self.api_c.id, "csrf_token": http.Request.csrf_token(self)})
        self.assertEqual(self.env["cs.service.subscription"].search_count([("partner_id", "=", self.contact.id)]), 1)

    def test_subscribing_to_a_missing_component_is_refused(self):
        self.authenticate("cs_status_portal", "cs_status_portal")
        for bad in (999999, self.hidden_c.id, "abc"):
            response = self.url_open("/status/subscribe", data={"component_id": bad, "csrf_token": http.Request.csrf_token(self)})
            self.assertEqual(response.status_code, 404)
            self.assertIn("This component does not exist.", response.text)
        self.assertFalse(self.env["cs.service.subscription"].search([("partner_id", "=", self.contact.id)]))

    def test_model_refuses_a_retired_component_whatever_the_route(self):
        Subscription = self.env["cs.service.subscription"].with_user(self.portal)
        with self.assertRaisesRegex(ValidationError, "This component does not exist."):
            Subscription.create({"partner_id": self.contact.id, "component_id": self.hidden_c.id})
        self.assertTrue(Subscription.create({"partner_id": self.contact.id, "component_id": self.api_c.id}))

    def test_subscription_needs_csrf(self):
        self.authenticate("cs_status_portal", "cs_status_portal")
        response = self.url_open("/status/subscribe", data={"component_id": self.api_c.id})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["cs.service.subscription"].search([("partner_id", "=", self.contact.id)]))

    def test_portal_home_shows_the_accounts_notice(self):
        self.named.write({"state": "scheduled", "date_end": fields.Datetime.now() + timedelta(days=2)})
        self.authenticate("cs_status_portal", "cs_status_portal")
        html = self.url_open("/my").text
        self.assertIn("For Secret Account Name Ltd only", html)
        self.assertIn("Login maintenance now", html)
        self.assertNotIn("Draft incident", html)

    def test_problem_hook_can_override_state(self):
        states = service_notice.component_states([1], [1], overrides={1: "outage"})
        self.assertEqual(states[1], "outage")
