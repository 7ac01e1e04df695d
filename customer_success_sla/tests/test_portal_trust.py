"""What a portal customer can do to tickets through the routes this addon
inherits from helpdesk_mgmt: only their own tickets, by POST with CSRF,
no internal files, no server error for bad input, no executable files."""

import io
import json
import re
from unittest.mock import patch

from odoo import Command, http
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

PE_HEADER = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00" \
    + b"\x00" * 64 + b"PE\x00\x00L\x01"
ELF_HEADER = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00>\x00"
HTA = b"<html><head><HTA:APPLICATION ID=\"x\" /><script>new ActiveXObject('WScript.Shell')</script></head></html>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class PortalTrustCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.zhang = cls.env["res.users"].search([("login", "=", "portal.zhang")])
        cls.james = cls.env["res.users"].search([("login", "=", "portal.james")])
        Ticket = cls.env["helpdesk.ticket"]
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Trust desk", "show_in_portal": True})
        cls.zhang_ticket = Ticket.create({
            "name": "Zhang trust ticket", "description": "x", "partner_id": cls.zhang.partner_id.id,
            "team_id": cls.team.id})
        cls.james_ticket = Ticket.create({
            "name": "James trust ticket", "description": "x", "partner_id": cls.james.partner_id.id,
            "team_id": cls.team.id})
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.rejected = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        cls.assertTrue(cls, cls.done.close_from_portal and not cls.rejected.close_from_portal)

    def _login(self, user):
        self.authenticate(user.login, user.login)
        self.url_open("/my")  # a session page, so that the CSRF token belongs to it

    def _csrf(self):
        return http.Request.csrf_token(self)

    def _submit(self, user, files=None, **fields):
        self._login(user)
        data = {"csrf_token": self._csrf(), "subject": "Trust submission", "description": "Trust body",
                "cs_impact": "user", "cs_urgency": "medium", **fields}
        return self.url_open("/submitted/ticket", data=data, files=files)

    def _tickets(self, name="Trust submission"):
        return self.env["helpdesk.ticket"].search([("name", "like", name)])


@tagged("post_install", "-at_install")
class TestPortalTrust(PortalTrustCase):
    # Finding 1: /ticket/close and the other inherited routes

    def test_close_by_get_changes_nothing(self):
        self._login(self.james)
        response = self.url_open(
            f"/ticket/close?ticket_id={self.zhang_ticket.id}&stage_id={self.done.id}", allow_redirects=False)
        self.assertIn(response.status_code, (303, 405))
        response = self.url_open(
            f"/ticket/close?ticket_id={self.james_ticket.id}&stage_id={self.done.id}", allow_redirects=False)
        self.assertIn(response.status_code, (303, 405))
        self.assertFalse(self.zhang_ticket.stage_id.closed)
        self.assertFalse(self.james_ticket.stage_id.closed)

    def test_close_another_customers_ticket_is_refused(self):
        self._login(self.james)
        response = self.url_open("/ticket/close", data={
            "csrf_token": self._csrf(), "ticket_id": self.zhang_ticket.id, "stage_id": self.done.id,
        }, allow_redirects=False)
        self.assertNotIn(str(self.zhang_ticket.id), response.headers.get("Location", "").rsplit("/", 1)[-1])
        self.assertFalse(self.zhang_ticket.stage_id.closed)
        self.assertNotIn("Zhang trust ticket", response.text)

    def test_close_own_ticket_by_post_with_a_portal_stage(self):
        self._login(self.james)
        # without its CSRF token, nothing happens
        response = self.url_open("/ticket/close", data={
            "ticket_id": self.james_ticket.id, "stage_id": self.done.id}, allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        # a stage the portal does not offer
        self.url_open("/ticket/close", data={
            "csrf_token": self._csrf(), "ticket_id": self.james_ticket.id, "stage_id": self.rejected.id})
        self.assertFalse(self.james_ticket.stage_id.closed)
        # garbage ids answer without a server error
        for ticket_id in ("abc", "-1", "99999999999999999999", ""):
            response = self.url_open("/ticket/close", data={
                "csrf_token": self._csrf(), "ticket_id": ticket_id, "stage_id": "x"})
            self.assertEqual(response.status_code, 200, ticket_id)
        response = self.url_open("/ticket/close", data={
            "csrf_token": self._csrf(), "ticket_id": self.james_ticket.id, "stage_id": self.done.id,
        }, allow_redirects=False)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.headers["Location"].endswith(f"/my/ticket/{self.james_ticket.id}"))
        self.assertEqual(self.james_ticket.stage_id, self.done)

    def test_close_of_a_ticket_that_needs_an_article_is_the_customers_confirmation(self):
        """helpdesk_mgmt's close form takes the same path as "My problem is
        solved": the ticket waits for its article, the customer gets no error."""
        self.james_ticket.category_id = self.env["helpdesk.ticket.category"].create(
            {"name": "Trust needs an article", "cs_requires_article": True})
        self._login(self.james)
        response = self.url_open("/ticket/close", data={
            "csrf_token": self._csrf(), "ticket_id": self.james_ticket.id, "stage_id": self.done.id,
        }, allow_redirects=False)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.james_ticket.stage_id.closed)
        self.assertTrue(self.james_ticket.cs_customer_solved_date)

    def test_close_with_the_tickets_access_token(self):
        """A contact who reached the ticket by its link (token) may close it too."""
        colleague = self.env["res.users"].create({
            "name": "Trust Colleague", "login": "cs_trust_colleague", "password": "cs_trust_colleague",
            "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])]})
        self._login(colleague)
        self.url_open("/ticket/close", data={
            "csrf_token": self._csrf(), "ticket_id": self.james_ticket.id, "stage_id": self.done.id})
        self.assertFalse(self.james_ticket.stage_id.closed)
        self.url_open("/ticket/close", data={
            "csrf_token": self._csrf(), "ticket_id": self.james_ticket.id, "stage_id": self.done.id,
            "access_token": self.james_ticket._portal_ensure_token()})
        self.assertEqual(self.james_ticket.stage_id, self.done)

    def test_ticket_page_close_buttons_post_with_csrf(self):
        # helpdesk_mgmt's close buttons (in its sidebar, which Odoo 19 does not
        # show: its t-call carries an id) post their CSRF token
        arch = self.env.ref("helpdesk_mgmt.portal_helpdesk_ticket_page")._get_combined_arch()
        forms = arch.xpath("//form[@t-attf-action='/ticket/close']")
        self.assertTrue(forms)
        for form in forms:
            self.assertEqual(form.get("method").lower(), "post")
            self.assertTrue(form.xpath(".//input[@name='csrf_token']"))
        # and so does this addon's "My problem is solved"
        self._login(self.james)
        page = self.url_open(f"/my/ticket/{self.james_ticket.id}").text
        solved = re.search(r'<form[^>]*action="/my/ticket/%d/solved"[^>]*>.*?</form>' % self.james_ticket.id,
                           page, re.S).group(0)
        self.assertIn('method="post"', solved)
        self.assertIn('name="csrf_token"', solved)

    def test_submit_by_get_creates_nothing(self):
        self._login(self.james)
        response = self.url_open("/submitted/ticket?subject=Trust+submission&description=by+get")
        self.assertNotEqual(response.status_code, 500)
        self.assertFalse(self._tickets())

    def test_submit_refuses_teams_and_categories_the_portal_does_not_offer(self):
        self.env.company.write({"helpdesk_mgmt_portal_select_team": True,
                                "helpdesk_mgmt_portal_select_category": True})
        other_company = self.env["res.company"].create({"name": "Trust Other Co"})
        hidden_team = self.env["helpdesk.ticket.team"].create({"name": "Back office", "show_in_portal": False})
        foreign_team = self.env["helpdesk.ticket.team"].create({
            "name": "Foreign desk", "show_in_portal": True, "company_id": other_company.id})
        hidden_category = self.env["helpdesk.ticket.category"].create({"name": "Internal only",
                                                                       "show_in_portal": False})
        foreign_category = self.env["helpdesk.ticket.category"].create({
            "name": "Foreign category", "show_in_portal": True, "company_id": other_company.id})
        for fields in ({"team": hidden_team.id}, {"team": foreign_team.id}, {"category": hidden_category.id},
                       {"category": foreign_category.id}, {"team": "abc"}):
            response = self._submit(self.james, **fields)
            self.assertEqual(response.status_code, 200, fields)
            self.assertIn('name="cs_submit_errors"', response.text, fields)
            self.assertFalse(self._tickets(), fields)
        self._submit(self.james, team=self.team.id)
        self.assertEqual(self._tickets().team_id, self.team)

    # Finding 2: internal-note attachments

    def _attachments_on_james_ticket(self):
        Attachment = self.env["ir.attachment"]

        def attachment(name):
            return Attachment.create({"name": name, "raw": b"%s content" % name.encode(),
                                      "res_model": "helpdesk.ticket", "res_id": self.james_ticket.id})

        internal = attachment("internal-margin.txt")
        public = attachment("public-answer.txt")
        own = attachment("customer-upload.txt")
        self.james_ticket.message_post(body="Margin calculation", subtype_xmlid="mail.mt_note",
                                       message_type="comment", attachment_ids=internal.ids)
        self.james_ticket.message_post(body="Here is the fix", subtype_xmlid="mail.mt_comment",
                                       message_type="comment", attachment_ids=public.ids)
        return internal, public, own

    def test_internal_note_attachments_are_not_listed_nor_tokenised(self):
        internal, public, own = self._attachments_on_james_ticket()
        self._login(self.james)
        page = self.url_open(f"/my/ticket/{self.james_ticket.id}").text
        self.assertIn("public-answer.txt", page)
        self.assertIn("customer-upload.txt", page)
        self.assertNotIn("internal-margin.txt", page)
        self.assertFalse(internal.access_token)
        self.assertTrue(own.access_token)

    def test_visible_attachments_are_computed_once_per_page(self):
        self._attachments_on_james_ticket()
        Ticket = self.registry["helpdesk.ticket"]
        original = Ticket._cs_portal_attachments
        calls = []

        def counted(ticket):
            calls.append(ticket.id)
            return original(ticket)

        self._login(self.james)
        with patch.object(Ticket, "_cs_portal_attachments", counted):
            page = self.url_open(f"/my/ticket/{self.james_ticket.id}").text
        self.assertEqual(calls, [self.james_ticket.id])
        self.assertIn("public-answer.txt", page)
        self.assertNotIn("internal-margin.txt", page)

    def test_internal_note_attachments_are_not_served_to_the_portal(self):
        internal, public, own = self._attachments_on_james_ticket()
        token = internal.generate_access_token()[0]
        raw_token = internal._get_raw_access_token()
        own_token = own.generate_access_token()[0]
        for login in (self.james, None):  # the customer, then anonymous
            if login:
                self._login(login)
            else:
                self.authenticate(None, None)
            for url in (f"/web/content/{internal.id}", f"/web/content/{internal.id}?access_token={token}",
                        f"/web/content/{internal.id}?access_token={raw_token}",
                        f"/web/content/ir.attachment/{internal.id}/datas?access_token={token}",
                        f"/web/image/{internal.id}?access_token={token}"):
                response = self.url_open(url)
                if url.startswith("/web/content"):  # /web/image answers a placeholder
                    self.assertNotEqual(response.status_code, 200, (login, url))
                self.assertNotIn(b"internal-margin.txt content", response.content, (login, url))
            self.assertEqual(self.url_open(f"/web/content/{own.id}?access_token={own_token}").content,
                             b"customer-upload.txt content")
        self._login(self.james)
        self.url_open(f"/my/ticket/{self.james_ticket.id}")
        self.assertEqual(self.url_open(f"/web/content/{public.id}?access_token={public.access_token}").content,
                         b"public-answer.txt content")
        # nor through JSON-RPC
        response = self.url_open("/web/dataset/call_kw/ir.attachment/read", data=json.dumps({
            "params": {"model": "ir.attachment", "method": "read", "args": [internal.ids, ["name", "datas"]],
                       "kwargs": {}}}), headers={"Content-Type": "application/json"})
        self.assertIn("error", response.json())

    # Finding 13: bad input answers without a server error

    def test_bad_list_parameters_do_not_fail(self):
        self._login(self.james)
        for query in ("search=%00", "search=trust%00&search_in=name", "sortby=bogus", "groupby=bogus",
                      "search_in=bogus&search=trust", "date_begin=notadate&date_end=notadate",
                      "date_begin=2024-01-01&date_end=%00", "filterby=bogus"):
            response = self.url_open(f"/my/tickets?{query}")
            self.assertEqual(response.status_code, 200, query)
            self.assertIn("James trust ticket", response.text, query)
        for url in ("/my/ticket/99999999999999999999", "/my/ticket/0/%00", "/my/tickets/page/99999999999999999999"):
            self.assertNotEqual(self.url_open(url).status_code, 500, url)

    def test_nul_bytes_in_a_submission_do_not_fail(self):
        response = self._submit(self.james, subject="Trust submission\x00 nul", description="Body\x00 nul")
        self.assertEqual(response.status_code, 200)
        ticket = self._tickets()
        if ticket:
            self.assertNotIn("\x00", ticket.name + ticket.description)

    def test_a_category_that_is_not_a_number_is_refused_with_a_message(self):
        response = self._submit(self.james, category="abc")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="cs_submit_errors"', response.text)
        self.assertFalse(self._tickets())

    # Finding 16: files checked by their content

    def test_executables_and_scripts_are_refused_whatever_their_name(self):
        for filename, content in (("report.pdf", PE_HEADER), ("scan.jpg", ELF_HEADER), ("run.hta", HTA),
                                  ("notes.txt", b"#!/bin/sh\nrm -rf ~\n"), ("invoice\u202eexe.pdf", PDF)):
            response = self._submit(self.james, files={"attachment": (filename, io.BytesIO(content),
                                                                      "application/pdf")})
            self.assertIn('name="cs_submit_errors"', response.text, filename)
            self.assertIn('value="Trust submission"', response.text, filename)
            self.assertFalse(self._tickets(), filename)
        self._submit(self.james, files={"attachment": ("invoice.pdf", io.BytesIO(PDF), "application/pdf")})
        self.assertEqual(self._tickets().attachment_ids.mapped("name"), ["invoice.pdf"])

    def test_conversation_upload_checks_the_content(self):
        self._login(self.james)
        for filename, content in (("report.pdf", PE_HEADER), ("scan.jpg", ELF_HEADER), ("run.hta", HTA),
                                  ("invoice\u202eexe.pdf", PDF)):
            response = self.url_open("/mail/attachment/upload", data={
                "csrf_token": self._csrf(), "thread_id": self.james_ticket.id,
                "thread_model": "helpdesk.ticket", "is_pending": "true",
            }, files={"ufile": (filename, io.BytesIO(content), "application/pdf")})
            self.assertIn("error", json.loads(response.text), filename)
            self.assertFalse(self.env["ir.attachment"].search([("name", "=", filename)]), filename)
        response = self.url_open("/mail/attachment/upload", data={
            "csrf_token": self._csrf(), "thread_id": self.james_ticket.id,
            "thread_model": "helpdesk.ticket", "is_pending": "true",
        }, files={"ufile": ("invoice.pdf", io.BytesIO(PDF), "application/pdf")})
        self.assertIn("attachment_id", json.loads(response.text)["data"])

    def _upload_to_own_live_chat(self, filename, content):
        """A file uploaded as pending on the customer's live chat (a thread
        other than the ticket): its id and ownership token."""
        channel = self.env["discuss.channel"].create({
            "name": "James live chat", "channel_type": "livechat",
            "livechat_operator_id": self.env.ref("base.partner_admin").id,
            "channel_member_ids": [Command.create({"partner_id": self.james.partner_id.id}),
                                   Command.create({"partner_id": self.env.ref("base.partner_admin").id})],
        })
        response = self.url_open("/mail/attachment/upload", data={
            "csrf_token": self._csrf(), "thread_id": channel.id, "thread_model": "discuss.channel",
            "is_pending": "true",
        }, files={"ufile": (filename, io.BytesIO(content), "application/pdf")})
        data = json.loads(response.text)["data"]
        token = next(values["ownership_token"] for values in data["store_data"]["ir.attachment"]
                     if values["id"] == data["attachment_id"])
        return data["attachment_id"], token

    def _post_on_james_ticket(self, attachment_id, token):
        return self.url_open("/mail/message/post", data=json.dumps({"params": {
            "thread_model": "helpdesk.ticket", "thread_id": self.james_ticket.id,
            "post_data": {"body": "See the file", "message_type": "comment", "subtype_xmlid": "mail.mt_comment",
                          "attachment_ids": [attachment_id], "attachment_tokens": [token]},
        }}), headers={"Content-Type": "application/json"}).json()

    def test_files_uploaded_elsewhere_are_checked_when_posted_on_the_ticket(self):
        self._login(self.james)
        for filename, content in (("report.pdf", PE_HEADER), ("run.hta", HTA), ("invoice\u202eexe.pdf", PDF)):
            attachment_id, token = self._upload_to_own_live_chat(filename, content)
            answer = self._post_on_james_ticket(attachment_id, token)
            self.assertIn("error", answer, f"{filename} was attached to the ticket")
            self.assertIn("cannot be attached", answer["error"]["data"]["message"], filename)
            self.assertFalse(self.env["ir.attachment"].search([
                ("res_model", "=", "helpdesk.ticket"), ("res_id", "=", self.james_ticket.id)]), filename)
            self.assertFalse(self.james_ticket.message_ids.filtered(lambda m: m.body and "See the file" in m.body))
        # an acceptable file takes the same path
        attachment_id, token = self._upload_to_own_live_chat("invoice.pdf", PDF)
        self.assertIn("message_id", self._post_on_james_ticket(attachment_id, token)["result"])
        self.assertEqual(self.james_ticket.attachment_ids.mapped("name"), ["invoice.pdf"])

    # Finding 17: a subject is required

    def test_a_blank_subject_is_refused_keeping_the_text(self):
        response = self._submit(self.james, subject="   ", description="The printer is on fire")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="cs_submit_errors"', response.text)
        self.assertIn("The printer is on fire", response.text)
        self.assertFalse(self.env["helpdesk.ticket"].search([("description", "ilike", "printer is on fire")]))

    def test_a_ticket_name_cannot_be_blank(self):
        with self.assertRaises(ValidationError):
            self.env["helpdesk.ticket"].create({"name": "  ", "description": "x"})
        with self.assertRaises(ValidationError):
            self.james_ticket.name = "\n"

    def test_a_mail_with_a_blank_subject_still_makes_a_ticket(self):
        raw = ("From: James Carter <james.trust@example.com>\r\nTo: support@example.com\r\nSubject: =?utf-8?q?_?=\r\n"
               "Message-Id: <cs-trust-blank-subject@example.com>\r\n\r\nThe printer is on fire\r\n")
        ticket_id = self.env["mail.thread"].message_process("helpdesk.ticket", raw)
        self.assertEqual(self.env["helpdesk.ticket"].browse(ticket_id).name, "No Subject")
