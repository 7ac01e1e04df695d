from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerConfirmation(HttpCase):
    """"My problem is solved" on the portal always works: a ticket whose
    category requires a knowledge article waits for it, solved by the
    customer, and its agent is asked to write it; the article closes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env["res.partner"].create({"name": "Confirm Co", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Cora", "parent_id": company.id, "email": "cora@confirm.example.com"})
        new_test_user(cls.env, login="cs_confirm_cora", password="cs_confirm_cora", groups="base.group_portal",
                      partner_id=cls.contact.id)
        cls.agent = new_test_user(cls.env, login="cs_confirm_agent", name="Agent Ann",
                                  groups="customer_success_sla.group_cs_agent")
        cls.category = cls.env["helpdesk.ticket.category"].create({"name": "Needs KB", "cs_requires_article": True})
        cls.ticket = cls.env["helpdesk.ticket"].create({
            "name": "Export fails", "description": "<p>The export fails</p>", "partner_id": cls.contact.id,
            "category_id": cls.category.id, "user_id": cls.agent.id,
        })

    def _confirm(self):
        self.authenticate("cs_confirm_cora", "cs_confirm_cora")
        return self.url_open(f"/my/ticket/{self.ticket.id}/solved",
                             data={"csrf_token": http.Request.csrf_token(self)})

    def test_confirmation_works_when_the_category_requires_an_article(self):
        response = self._confirm()
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("knowledge article", response.text)
        self.assertIn("You confirmed that your problem is solved", response.text)
        self.assertTrue(self.ticket.cs_customer_solved_date)
        self.assertFalse(self.ticket.stage_id.closed, "the article comes first")

    def test_agent_is_asked_to_write_the_article(self):
        self._confirm()
        activity = self.ticket.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.agent)
        self.assertEqual(activity.activity_type_id, self.env.ref("customer_success_sla.mail_activity_type_write_article"))

    def test_the_article_closes_the_ticket(self):
        self._confirm()
        self.ticket.with_user(self.agent).action_cs_create_article()
        self.assertTrue(self.ticket.stage_id.closed)
        self.assertFalse(self.ticket.activity_ids, "the agent's to-do is done")

    def test_ticket_without_requirement_closes_at_once(self):
        self.category.cs_requires_article = False
        self._confirm()
        self.assertTrue(self.ticket.stage_id.closed)
        self.assertTrue(self.ticket.cs_customer_solved_date)
