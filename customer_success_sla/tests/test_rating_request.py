import importlib.util
import json

from lxml import html

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_path


def text_of(body):
    return " ".join(html.fromstring(body).text_content().split())


@tagged("post_install", "-at_install")
class TestRatingRequest(TransactionCase):
    """helpdesk_mgmt_rating's rating request, as this addon rewrites it: it
    greets the customer by name, in their language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.template = cls.env.ref("helpdesk_mgmt_rating.rating_ticket_email_template")
        cls.done.rating_mail_template_id = cls.template
        cls.agent = new_test_user(cls.env, login="cs_rating_agent", name="Sam Agent",
                                  groups="customer_success_sla.group_cs_agent,helpdesk_mgmt.group_helpdesk_user")
        account = cls.env["res.partner"].create({"name": "Rating Co", "is_company": True})
        cls.rita = cls.env["res.partner"].create({"name": "Rita Rating", "parent_id": account.id,
                                                  "email": "rita@rating.example.com"})

    def _request(self, partner):
        ticket = self.env["helpdesk.ticket"].create({
            "name": "Printer jams", "description": "<p>x</p>", "partner_id": partner.id, "user_id": self.agent.id,
        })
        ticket.stage_id = self.done
        message = ticket.message_ids.filtered(lambda message: "/rate/" in (message.body or ""))
        self.assertEqual(len(message), 1, "one rating request")
        return ticket, message

    def test_rating_request_greets_the_customer_by_name(self):
        ticket, message = self._request(self.rita)
        text = text_of(message.body)
        self.assertIn("Hello Rita Rating,", text)
        self.assertIn(f"We have closed your ticket {ticket.number}: Printer jams.", text)
        self.assertIn("Sam Agent took care of it.", text)
        self.assertNotIn('"assigned to', text)
        self.assertEqual(message.subject, f"How did we do? Ticket {ticket.number}: Printer jams")
        for rate in (5, 3, 1):
            self.assertIn(f"/rate/{ticket._rating_get_access_token()}/{rate}", message.body)

    def test_rating_request_is_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_success_sla"], ["zh_CN"], overwrite=True)
        zhang = self.env["res.partner"].create({"name": "张敏", "parent_id": self.rita.parent_id.id,
                                                "email": "zhang@rating.example.com", "lang": "zh_CN"})
        ticket, message = self._request(zhang)
        text = text_of(message.body)
        self.assertIn("张敏，您好：", text)
        self.assertIn(ticket.number, text)
        self.assertNotIn("Hello", text)
        self.assertIn("我们的服务如何", message.subject)

    def test_upgrade_rewrites_the_request_unless_an_administrator_edited_it(self):
        path = file_path("customer_success_sla/migrations/19.0.1.8.0/post-rating_request.py")
        spec = importlib.util.spec_from_file_location("cs_rating_request_migration", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        old = "<p>Hello,</p><p>Please take a moment to rate our services.</p>"
        self.env.cr.execute(
            "UPDATE mail_template SET body_html = %s, write_date = create_date WHERE id = %s",
            [json.dumps({"en_US": old}), self.template.id])
        self.template.invalidate_recordset()
        migration.migrate(self.env.cr, "19.0.1.7.0")
        self.template.invalidate_recordset()
        self.assertIn("took care of it", self.template.body_html)
        self.template.body_html = old  # an administrator's own text
        migration.migrate(self.env.cr, "19.0.1.7.0")
        self.template.invalidate_recordset()
        self.assertNotIn("took care of it", self.template.body_html)
