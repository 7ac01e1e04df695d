from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import send_acknowledgements


@tagged("post_install", "-at_install")
class TestPortalIntake(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        vip = cls.env.ref("customer_success_sla.tier_vip")
        company = cls.env["res.partner"].create({"name": "Portal Co", "is_company": True, "cs_tier_id": vip.id})
        contact = cls.env["res.partner"].create(
            {"name": "Portal Contact", "parent_id": company.id, "email": "portal.contact@portal.example.com"}
        )
        cls.user = new_test_user(cls.env, login="cs_portal_form", password="cs_portal_form",
                                 groups="base.group_portal", partner_id=contact.id)

    def _submit(self, **fields):
        self.authenticate("cs_portal_form", "cs_portal_form")
        page = self.url_open("/new/ticket")
        self.assertIn('name="cs_impact"', page.text)
        self.assertIn('name="cs_urgency"', page.text)
        data = {"csrf_token": http.Request.csrf_token(self), "subject": fields.pop("subject"),
                "description": "Nothing works", **fields}
        self.url_open("/submitted/ticket", data=data)
        return self.env["helpdesk.ticket"].search([("name", "=", data["subject"])])

    def test_impact_and_urgency_from_the_portal_set_the_priority(self):
        ticket = self._submit(subject="Portal outage", cs_impact="company", cs_urgency="high")
        self.assertEqual((ticket.cs_impact, ticket.cs_urgency, ticket.priority), ("company", "high", "3"))
        self.assertEqual(ticket.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web"))
        self.assertEqual(ticket.cs_tier_id.code, "VIP")
        send_acknowledgements(self.env)
        self.assertTrue(ticket.message_ids.filtered(lambda m: m.message_type == "auto_comment"),
                        "portal tickets are acknowledged")

    def test_values_outside_the_lists_keep_the_defaults(self):
        ticket = self._submit(subject="Portal oddity", cs_impact="galaxy", cs_urgency="yesterday")
        self.assertEqual((ticket.cs_impact, ticket.cs_urgency), ("user", "medium"))
