import io
import json
import re

from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalService(HttpCase):
    """The portal's ticket list filters, attachment checks, replies to
    tickets closed for good, and Chinese for helpdesk_mgmt's own labels."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.partner"].create({
            "name": "Filter Co", "is_company": True, "cs_tier_id": cls.env.ref("customer_success_sla.tier_core").id,
        })
        cls.admin_contact = cls.env["res.partner"].create({
            "name": "Ada Admin", "parent_id": cls.company.id, "email": "ada@filter.example.com", "cs_admin_contact": True,
        })
        cls.colleague = cls.env["res.partner"].create({
            "name": "Carl Colleague", "parent_id": cls.company.id, "email": "carl@filter.example.com",
        })
        cls.admin_user = new_test_user(cls.env, login="cs_filter_ada", password="cs_filter_ada",
                                       groups="base.group_portal", partner_id=cls.admin_contact.id)
        cls.colleague_user = new_test_user(cls.env, login="cs_filter_carl", password="cs_filter_carl",
                                           groups="base.group_portal", partner_id=cls.colleague.id)
        Ticket = cls.env["helpdesk.ticket"]
        cls.closed_stage = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.ada_open = Ticket.create({"name": "Ada open printer", "description": "x", "partner_id": cls.admin_contact.id})
        cls.carl_open = Ticket.create({"name": "Carl open login", "description": "x", "partner_id": cls.colleague.id})
        cls.carl_closed = Ticket.create({"name": "Carl closed export", "description": "x", "partner_id": cls.colleague.id})
        cls.carl_closed.stage_id = cls.closed_stage

    def _list(self, login, query=""):
        self.authenticate(login, login)
        response = self.url_open(f"/my/tickets{query}")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_admin_contact_switches_between_mine_and_company(self):
        page = self._list("cs_filter_ada", "?scope=company")
        self.assertIn('name="cs_ticket_scope"', page)
        for name in ("Ada open printer", "Carl open login", "Carl closed export"):
            self.assertIn(name, page)
        page = self._list("cs_filter_ada", "?scope=mine")
        self.assertIn("Ada open printer", page)
        self.assertNotIn("Carl open login", page)
        # The scope is remembered for the pager and sort links.
        page = self.url_open("/my/tickets?sortby=name").text
        self.assertNotIn("Carl open login", page)

    def test_open_and_closed_filters(self):
        page = self._list("cs_filter_ada", "?scope=company&filterby=closed")
        self.assertIn("Carl closed export", page)
        self.assertNotIn("Carl open login", page)
        page = self._list("cs_filter_ada", "?scope=company&filterby=open")
        self.assertIn("Carl open login", page)
        self.assertNotIn("Carl closed export", page)

    def test_other_contacts_see_their_own_tickets_without_the_switch(self):
        page = self._list("cs_filter_carl", "?scope=company")
        self.assertNotIn('name="cs_ticket_scope"', page)
        self.assertIn("Carl open login", page)
        self.assertNotIn("Ada open printer", page)

    def _submit(self, filename, content):
        self.authenticate("cs_filter_carl", "cs_filter_carl")
        self.url_open("/new/ticket")
        return self.url_open("/submitted/ticket", data={
            "csrf_token": http.Request.csrf_token(self), "subject": "Report with file",
            "description": "The nightly report fails", "cs_impact": "user", "cs_urgency": "medium",
        }, files={"attachment": (filename, io.BytesIO(content), "application/octet-stream")})

    def test_a_forbidden_file_refuses_the_submission_and_keeps_the_text(self):
        response = self._submit("report.pdf.exe", b"MZ")
        self.assertIn("cannot be attached", response.text)
        self.assertIn('value="Report with file"', response.text)
        self.assertIn("The nightly report fails", response.text)
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "Report with file")]))

    def test_an_oversized_file_refuses_the_submission(self):
        self.env["ir.config_parameter"].set_param("customer_success_sla.portal_attachment_max_mb", "1")
        response = self._submit("dump.log", b"x" * (1024 * 1024 + 1))
        self.assertIn("is too large", response.text)
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "Report with file")]))

    def test_an_acceptable_file_is_attached(self):
        self._submit("dump.log", b"error at line 3")
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Report with file")])
        self.assertEqual(ticket.attachment_ids.mapped("name"), ["dump.log"])

    def test_conversation_upload_refuses_forbidden_files(self):
        self.authenticate("cs_filter_carl", "cs_filter_carl")
        response = self.url_open("/mail/attachment/upload", data={
            "csrf_token": http.Request.csrf_token(self), "thread_id": self.carl_open.id,
            "thread_model": "helpdesk.ticket", "is_pending": "true",
        }, files={"ufile": ("setup.exe", io.BytesIO(b"MZ"), "application/octet-stream")})
        self.assertIn("cannot be attached", json.loads(response.text)["error"])
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "setup.exe")]))
        response = self.url_open("/mail/attachment/upload", data={
            "csrf_token": http.Request.csrf_token(self), "thread_id": self.carl_open.id,
            "thread_model": "helpdesk.ticket", "is_pending": "true",
        }, files={"ufile": ("screen.png", io.BytesIO(b"PNG"), "image/png")})
        self.assertIn("attachment_id", json.loads(response.text)["data"])

    def _close(self, ticket, days_ago):
        ticket.write({"stage_id": self.closed_stage.id})
        ticket.closed_date = fields.Datetime.now() - relativedelta(days=days_ago)

    def test_replies_are_refused_past_the_reopen_window(self):
        self._close(self.carl_closed, days_ago=30)
        with self.assertRaisesRegex(UserError, "replies are no longer possible"):
            self.carl_closed.with_user(self.colleague_user).sudo().message_post(
                body="Still broken", message_type="comment")
        # The helpdesk itself may still write to the customer.
        self.carl_closed.message_post(body="Archived", message_type="comment")
        self.authenticate("cs_filter_carl", "cs_filter_carl")
        page = self.url_open(f"/my/ticket/{self.carl_closed.id}").text
        self.assertIn('name="cs_replies_closed"', page)
        self.assertIn('data-allow_composer="0"', page)

    def test_replies_within_the_reopen_window_are_accepted(self):
        self._close(self.carl_closed, days_ago=2)
        message = self.carl_closed.with_user(self.colleague_user).sudo().message_post(
            body="One more question", message_type="comment")
        self.assertEqual(message.author_id, self.colleague)
        self.authenticate("cs_filter_carl", "cs_filter_carl")
        page = self.url_open(f"/my/ticket/{self.carl_closed.id}").text
        self.assertNotIn('name="cs_replies_closed"', page)

    def test_the_portal_opens_in_the_users_language_after_login(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_success_sla"], ["zh_CN"], overwrite=True)
        self.colleague_user.lang = "zh_CN"
        login_page = self.url_open("/web/login").text
        csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
        # A browser keeps the default language's cookie from the pages it saw before logging in.
        self.opener.cookies.set("frontend_lang", "en_US")
        response = self.url_open("/web/login", data={"login": "cs_filter_carl", "password": "cs_filter_carl",
                                                     "csrf_token": csrf_token}, allow_redirects=False)
        self.assertEqual(response.cookies.get("frontend_lang"), "zh_CN")
        self.opener.cookies.set("frontend_lang", response.cookies.get("frontend_lang"))
        self.assertIn("最新", self.url_open("/my/tickets").text)

    def test_helpdesk_portal_labels_are_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_success_sla"], ["zh_CN"], overwrite=True)
        self.colleague_user.lang = "zh_CN"
        page = self._list("cs_filter_carl")
        self.assertIn("最新", page)  # sort label, from helpdesk_mgmt's controller
        self.assertIn("编号", page)  # column header, from helpdesk_mgmt's template
        self.authenticate("cs_filter_carl", "cs_filter_carl")
        page = self.url_open("/new/ticket").text
        self.assertIn("提交工单", page)
