import json

from lxml import etree
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL

from .test_sla_statement import StatementCase


@tagged("post_install", "-at_install")
class TestSlaStatementReview(StatementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new_york = cls.env["resource.calendar"].create({"name": "New York office", "tz": "America/New_York"})

    def test_month_runs_in_the_accounts_own_support_hours(self):
        """The account's own support hours (Shanghai) decide its month, not its tier's (Brussels)."""
        account = self.customer_be
        account.cs_resource_calendar_id = self.shanghai
        self._settle(account, "resolution", "breached", datetime(2026, 9, 30, 17))  # 1 October 01:00 in Shanghai
        with freeze_time("2026-11-02"):
            statement = self.Statement._cs_issue(account, date(2026, 10, 1))
        self.assertEqual(statement.breached_count, 1)

    def test_month_west_of_utc_is_not_issued_before_it_ends(self):
        account = self.customer_be
        account.cs_resource_calendar_id = self.new_york
        self.env.cr.execute("UPDATE res_partner SET create_date = '2026-01-01' WHERE id = %s", [account.id])
        self.env.invalidate_all()
        # 1 November 02:00 UTC: still 31 October 22:00 in New York
        with freeze_time("2026-11-01 02:00"), self.assertRaises(UserError):
            self.Statement._cs_issue(account, date(2026, 10, 1))
        with freeze_time("2026-11-01 02:00"):
            self._run_cron()
        self.assertFalse(self.Statement.search([("partner_id", "=", account.id)]))
        with freeze_time("2026-11-02 00:30"):
            self._run_cron()
        self.assertEqual(self.Statement.search([("partner_id", "=", account.id)]).month, date(2026, 10, 1))

    def test_a_clock_past_its_deadline_not_yet_swept_counts_as_breached(self):
        account = self.customer_be
        self._settle(account, "resolution", "met", datetime(2026, 10, 5, 10))
        self._settle(account, "resolution", "running", datetime(2026, 10, 20, 10))
        self._settle(account, "resolution", "running", datetime(2026, 11, 20, 10))  # not due in October
        with freeze_time("2026-11-02"):
            statement = self.Statement._cs_issue(account, date(2026, 10, 1))
        self.assertEqual((statement.met_count, statement.breached_count), (1, 1))

    def test_statement_queries_are_indexed(self):
        """Both statement queries on the clocks can be read from an index
        holding the account and the date (sequential scans priced out)."""
        Clock = self.env["cs.ticket.sla"].sudo()
        # On the tiny test table the planner may prefer the sweep's one-column
        # indexes (deadline, status); without them (rolled back with the test)
        # the account's month must still be read from an index.
        self.env.cr.execute("DROP INDEX IF EXISTS cs_ticket_sla__deadline_index, cs_ticket_sla_due_deadline_idx, "
                            "cs_ticket_sla__status_index")
        start, stop = datetime(2026, 10, 1), datetime(2026, 11, 1)
        for name, domain, column in self.Statement._cs_figures_domains(self.customer_be.ids, start, stop):
            query = Clock._search(domain)
            self.env.cr.execute("SET LOCAL enable_seqscan = off")
            self.env.cr.execute(SQL("EXPLAIN (FORMAT JSON) %s", query.select()))
            plan = json.dumps(self.env.cr.fetchone()[0])
            self.env.cr.execute("SET LOCAL enable_seqscan = on")
            self.env.cr.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cs_ticket_sla'")
            used = [index for index, definition in self.env.cr.fetchall()
                    if f'"Index Name": "{index}"' in plan and "partner_id" in definition and column in definition]
            with self.subTest(query=name):
                self.assertTrue(used, plan)

    def _run_cron(self):
        from unittest.mock import patch
        with patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.Statement._cron_issue_statements()


@tagged("post_install", "-at_install")
class TestSlaAccountTerms(StatementCase):
    def test_only_managers_change_contract_terms(self):
        account = self.customer_be.with_user(self.agent)
        self.agent.group_ids |= self.env.ref("base.group_partner_manager")
        for values in ({"cs_sla_committed_compliance": 50}, {"cs_sla_own_commitment": True},
                       {"cs_sla_monthly_fee": 1}, {"cs_resource_calendar_id": self.shanghai.id}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                account.write(values)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.agent).create({"name": "X", "cs_sla_monthly_fee": 10})
        account.write({"phone": "+32 2 000 00 00"})  # other fields stay open
        self.customer_be.with_user(self.csm_a).write({"cs_sla_committed_compliance": 50})
        self.assertEqual(self.customer_be.cs_sla_committed_compliance, 50)

    def test_terms_are_readonly_in_the_form_for_non_managers(self):
        for user, readonly in ((self.agent, True), (self.csm_a, False)):
            arch = self.env["res.partner"].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
            for name in ("cs_sla_monthly_fee", "cs_resource_calendar_id"):
                node = etree.fromstring(arch).xpath(f"//field[@name='{name}']")[0]
                with self.subTest(user=user.login, field=name):
                    self.assertEqual(node.get("readonly") in ("1", "True"), readonly, node.get("readonly"))


@tagged("post_install", "-at_install")
class TestSlaAccountCalendar(StatementCase):
    def test_calendar_of_an_account_cannot_be_deleted(self):
        calendar = self.env["resource.calendar"].create({"name": "Own hours", "tz": "UTC"})
        self.customer_be.cs_resource_calendar_id = calendar
        with self.assertRaisesRegex(UserError, "Brussels Customer"):
            calendar.unlink()

    def test_account_support_hours_need_working_time(self):
        empty = self.env["resource.calendar"].create({"name": "Empty", "attendance_ids": [Command.clear()]})
        self.assertFalse(empty._cs_weekly_hours())
        with self.assertRaises(ValidationError):
            self.customer_be.cs_resource_calendar_id = empty
