from datetime import date, datetime

from odoo import Command
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalSlaStatement(HttpCase):
    """A customer reads their company's SLA statements on the portal, and no
    other company's: those answer 404 as if they did not exist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tier = cls.env["cs.tier"].create({
            "name": "Statement tier", "code": "T_STMT", "sla_committed_compliance": 95, "sla_monthly_fee": 1000,
            "sla_credit_rule_ids": [Command.create({"threshold": 95, "credit_percent": 5}),
                                    Command.create({"threshold": 90, "credit_percent": 10})],
        })
        Partner = cls.env["res.partner"]
        cls.ours = Partner.create({"name": "Ours Ltd", "is_company": True, "cs_tier_id": tier.id})
        cls.theirs = Partner.create({"name": "Theirs Ltd", "is_company": True, "cs_tier_id": tier.id})
        # Olga is a main contact of her company; Paul is not
        contact = Partner.create({"name": "Olga", "parent_id": cls.ours.id, "email": "olga@ours.example.com",
                                  "cs_admin_contact": True})
        new_test_user(cls.env, login="cs_stmt_olga", password="cs_stmt_olga", groups="base.group_portal",
                      partner_id=contact.id)
        paul = Partner.create({"name": "Paul", "parent_id": cls.ours.id, "email": "paul@ours.example.com"})
        new_test_user(cls.env, login="cs_stmt_paul", password="cs_stmt_paul", groups="base.group_portal",
                      partner_id=paul.id)
        Statement = cls.env["cs.sla.statement"]
        with freeze_time("2026-11-01"):
            statements = Statement._cs_issue(cls.ours | cls.theirs, date(2026, 10, 1))
            cls.old = Statement._cs_issue(cls.theirs, date(2026, 9, 1))
        cls.own = statements.filtered(lambda s: s.partner_id == cls.ours)
        cls.other = statements - cls.own

    def setUp(self):
        super().setUp()
        self.authenticate("cs_stmt_olga", "cs_stmt_olga")

    def test_own_statement_is_shown(self):
        response = self.url_open(f"/my/sla-statements/{self.own.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Ours Ltd", response.text)
        pdf = self.url_open(f"/my/sla-statements/{self.own.id}?report_type=pdf&download=true")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")

    def test_other_company_statement_is_not_found(self):
        for statement in self.other | self.old:
            for query in ("", "?report_type=pdf&download=true"):
                response = self.url_open(f"/my/sla-statements/{statement.id}{query}", allow_redirects=False)
                self.assertEqual(response.status_code, 404, query)
                self.assertNotIn("Theirs Ltd", response.text)
        missing = self.url_open("/my/sla-statements/999999999", allow_redirects=False)
        self.assertEqual(missing.status_code, 404)

    def test_list_and_home_show_only_own_statements(self):
        response = self.url_open("/my/sla-statements")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/sla-statements/{self.own.id}", response.text)
        for statement in self.other | self.old:
            self.assertNotIn(f"/my/sla-statements/{statement.id}\"", response.text)
        home = self.url_open("/my")
        self.assertIn("/my/sla-statements", home.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["cs_sla_statement_count"]})
        self.assertEqual(counters["cs_sla_statement_count"], 1)

    def test_other_contacts_see_statements_only_with_company_view_for_everyone(self):
        self.authenticate("cs_stmt_paul", "cs_stmt_paul")
        for query in ("", "?report_type=pdf&download=true"):
            response = self.url_open(f"/my/sla-statements/{self.own.id}{query}", allow_redirects=False)
            self.assertEqual(response.status_code, 404, query)
        listing = self.url_open("/my/sla-statements")
        self.assertNotIn(f"/my/sla-statements/{self.own.id}", listing.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["cs_sla_statement_count"]})
        self.assertEqual(counters["cs_sla_statement_count"], 0)
        self.ours.cs_portal_company_view = "everyone"
        response = self.url_open(f"/my/sla-statements/{self.own.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Ours Ltd", response.text)

    def test_internal_users_outside_customer_success_see_no_statement(self):
        clerk = new_test_user(self.env, login="cs_stmt_clerk", groups="base.group_user")
        agent = new_test_user(self.env, login="cs_stmt_agent", groups="customer_success_sla.group_cs_agent")
        self.assertFalse(self.env["cs.sla.statement"].with_user(clerk).has_access("read"))
        self.assertEqual(self.env["cs.sla.statement"].with_user(agent).search_count(
            [("id", "=", self.own.id)]), 1)
