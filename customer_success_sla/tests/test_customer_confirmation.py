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
        cls.new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.in_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.cancelled = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")

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

    # Review follow-ups: an agent's reopen withdraws the confirmation; the two
    # customer close routes (/ticket/close and "My problem is solved") agree.

    def _close_route(self, stage):
        self.authenticate("cs_confirm_cora", "cs_confirm_cora")
        self.url_open("/my")  # a session page, so that the CSRF token belongs to it
        return self.url_open("/ticket/close", data={
            "csrf_token": http.Request.csrf_token(self), "ticket_id": self.ticket.id, "stage_id": stage.id,
        }, allow_redirects=False)

    def _page(self):
        self.authenticate("cs_confirm_cora", "cs_confirm_cora")
        return self.url_open(f"/my/ticket/{self.ticket.id}").text

    def _write_article_notes(self):
        note = "The customer confirmed on the portal that the problem is solved"
        return self.ticket.message_ids.filtered(lambda message: note in (message.body or ""))

    def test_agent_reopen_withdraws_the_customers_confirmation(self):
        self._confirm()
        self.ticket.with_user(self.agent).action_cs_create_article()
        self.assertTrue(self.ticket.stage_id.closed)
        # the problem is back: the agent reopens
        self.ticket.with_user(self.agent).stage_id = self.new
        self.assertFalse(self.ticket.cs_customer_solved_date)
        page = self._page()
        self.assertNotIn("You confirmed that your problem is solved", page)
        self.assertIn(f'action="/my/ticket/{self.ticket.id}/solved"', page, "the customer can confirm again")
        # a further article does not close the reopened ticket
        self.ticket.with_user(self.agent).action_cs_create_article()
        self.assertFalse(self.ticket.stage_id.closed)

    def test_agent_reopen_of_a_ticket_closed_by_the_customer(self):
        self.category.cs_requires_article = False
        self._confirm()
        self.assertTrue(self.ticket.stage_id.closed)
        self.ticket.with_user(self.agent).stage_id = self.new
        self.assertFalse(self.ticket.cs_customer_solved_date)
        self.assertIn(f'action="/my/ticket/{self.ticket.id}/solved"', self._page())

    def test_portal_reopen_withdraws_the_confirmation(self):
        self.category.cs_requires_article = False
        self._confirm()
        self.url_open(f"/my/ticket/{self.ticket.id}/reopen", data={"csrf_token": http.Request.csrf_token(self)})
        self.assertFalse(self.ticket.stage_id.closed)
        self.assertFalse(self.ticket.cs_customer_solved_date)
        self.assertIn(f'action="/my/ticket/{self.ticket.id}/solved"', self._page())

    def test_waiting_ticket_moved_between_open_stages_keeps_the_confirmation(self):
        """The agent works on the article: the customer's word still stands."""
        self._confirm()
        self.ticket.with_user(self.agent).stage_id = self.in_progress
        self.assertTrue(self.ticket.cs_customer_solved_date)
        self.ticket.with_user(self.agent).action_cs_create_article()
        self.assertTrue(self.ticket.stage_id.closed)

    def test_close_route_records_the_customers_confirmation(self):
        self.category.cs_requires_article = False
        response = self._close_route(self.done)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.ticket.stage_id, self.done)
        self.assertTrue(self.ticket.cs_customer_solved_date)

    def test_close_route_cancellation_just_cancels(self):
        """The article requirement is for solved tickets, not cancelled ones."""
        response = self._close_route(self.cancelled)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.ticket.stage_id, self.cancelled)
        self.assertFalse(self.ticket.cs_customer_solved_date, "cancelled is not solved")
        self.assertFalse(self.ticket.activity_ids)
        self.assertFalse(self._write_article_notes())

    def test_confirming_again_changes_nothing(self):
        self._confirm()
        self._confirm()
        self._close_route(self.done)
        self._close_route(self.cancelled)
        self.assertFalse(self.ticket.stage_id.closed)
        self.assertEqual(len(self.ticket.activity_ids), 1)
        self.assertEqual(len(self._write_article_notes()), 1)

    def test_no_closing_stage_leaves_the_ticket_as_it_was(self):
        self.category.cs_requires_article = False
        self.env["helpdesk.ticket.stage"].search([("closed", "=", True)]).active = False
        response = self._confirm()
        self.assertEqual(response.status_code, 200)
        self.assertIn("cannot be closed", response.text)
        self.assertFalse(self.ticket.stage_id.closed)
        self.assertFalse(self.ticket.cs_customer_solved_date, "not flagged solved while it stays open")
