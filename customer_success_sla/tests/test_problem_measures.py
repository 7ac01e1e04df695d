import importlib.util
from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged
from odoo.tools.misc import file_path

from .common import CustomerSuccessCase
from .health_common import HealthCase

SECRET = "ROOT-CAUSE-INTERNAL-9c2e"
PERIOD = {"period": "custom", "date_from": "2026-03-30", "date_to": "2026-04-12"}


class ProblemMeasuresMixin:
    @classmethod
    def _problem(cls, name, created, **values):
        """A problem created at ``created`` (the database clock set in SQL,
        as the ORM stamps the transaction's time)."""
        problem = cls.env["cs.problem"].create({"name": name, "description": f"<p>{SECRET}</p>", **values})
        cls.env.flush_all()
        cls.env.cr.execute("UPDATE cs_problem SET create_date = %s WHERE id = %s", (created, problem.id))
        problem.invalidate_recordset(["create_date"])
        return problem

    @staticmethod
    def _move(problem, state, when, **values):
        with freeze_time(when):
            if state == "resolved":
                values.setdefault("resolved_date", fields.Datetime.now())
            problem.write({"state": state, **values})


@tagged("post_install", "-at_install")
class TestProblemIdentification(ProblemMeasuresMixin, CustomerSuccessCase):
    def test_identified_date_is_set_the_first_time_only(self):
        problem = self._problem("Slow exports", datetime(2026, 4, 1, 8))
        self.assertFalse(problem.identified_date)
        self._move(problem, "identified", datetime(2026, 4, 1, 10))
        self.assertEqual(problem.identified_date, datetime(2026, 4, 1, 10))
        self._move(problem, "monitoring", datetime(2026, 4, 1, 12))
        self._move(problem, "investigating", datetime(2026, 4, 1, 13))
        self._move(problem, "identified", datetime(2026, 4, 1, 15))
        self.assertEqual(problem.identified_date, datetime(2026, 4, 1, 10), "the first identification stays")
        self.assertEqual(problem.identify_hours, 2.0)
        self.assertEqual(problem.resolve_hours, 0.0)
        self._move(problem, "resolved", datetime(2026, 4, 2, 8))
        self.assertEqual(problem.resolve_hours, 24.0)

    def test_resolving_an_uninvestigated_problem_identifies_it_then(self):
        problem = self._problem("Typo on the invoice", datetime(2026, 4, 1, 8))
        with freeze_time(datetime(2026, 4, 1, 9, 30)):
            problem.action_resolve()
        self.assertEqual(problem.identified_date, datetime(2026, 4, 1, 9, 30))
        self.assertEqual((problem.identify_hours, problem.resolve_hours), (1.5, 1.5))

    def test_created_identified_counts_from_creation(self):
        problem = self.env["cs.problem"].create({"name": "Known from the start", "state": "identified"})
        self.assertTrue(problem.identified_date)
        self.assertFalse(self.env["cs.problem"].create({"name": "New"}).identified_date)

    def test_upgrade_backfills_the_identification_from_the_history(self):
        tracked = self._problem("Tracked", datetime(2026, 4, 1, 8))
        state_field = self.env["ir.model.fields"]._get("cs.problem", "state")
        with freeze_time(datetime(2026, 4, 1, 11)):  # the chatter's record of the change, as tracking logs it
            tracked._message_log(tracking_value_ids=[Command.create({
                "field_id": state_field.id, "old_value_char": "Investigating", "new_value_char": "Identified"})])
        with freeze_time(datetime(2026, 4, 2, 11)):
            tracked._message_log(tracking_value_ids=[Command.create({
                "field_id": state_field.id, "old_value_char": "Identified", "new_value_char": "Monitoring"})])
        resolved = self._problem("Resolved without history", datetime(2026, 4, 1, 8))
        waiting = self._problem("Still investigating", datetime(2026, 4, 1, 8))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE cs_problem SET state = 'resolved', resolved_date = %s WHERE id = %s",
            (datetime(2026, 4, 3, 8), resolved.id))
        self.env.cr.execute("UPDATE cs_problem SET state = 'monitoring' WHERE id = %s", (tracked.id,))
        self.env.cr.execute("UPDATE cs_problem SET identified_date = NULL, identify_hours = 0 WHERE id IN %s",
                            (tuple((tracked | resolved | waiting).ids),))
        self.env.invalidate_all()
        path = file_path("customer_success_sla/migrations/19.0.1.9.0/post-problem_identified_date.py")
        spec = importlib.util.spec_from_file_location("cs_problem_identified_migration", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "19.0.1.8.0")
        self.env.invalidate_all()
        self.assertEqual((tracked.identified_date, tracked.identify_hours), (datetime(2026, 4, 1, 11), 3.0))
        self.assertEqual((resolved.identified_date, resolved.identify_hours), (datetime(2026, 4, 3, 8), 48.0))
        self.assertFalse(waiting.identified_date)


@tagged("post_install", "-at_install")
class TestProblemKpis(ProblemMeasuresMixin, CustomerSuccessCase):
    """Two problems opened in the period (four tickets of two accounts), one
    in the previous period; a Brussels-free reader (UTC)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls._company("Acme Problems", cs_tier_id=cls.tier_vip.id)
        cls.globex = cls._company("Globex Problems", cs_tier_id=cls.tier_core.id)
        cls.acme_tickets = [cls._ticket(cls.acme, name=f"Acme {n}") for n in range(3)]
        cls.globex_ticket = cls._ticket(cls.globex, name="Globex 1")
        cls.old_ticket = cls._ticket(cls.globex, name="Globex old")
        cls.p1 = cls._problem("P1 login loop", datetime(2026, 4, 1, 8), is_major=True)
        cls.p1._cs_link_tickets(cls.Ticket.browse([t.id for t in cls.acme_tickets[:2]]) | cls.globex_ticket)
        cls._move(cls.p1, "identified", datetime(2026, 4, 1, 10))
        cls._move(cls.p1, "resolved", datetime(2026, 4, 1, 18))
        cls.p2 = cls._problem("P2 slow reports", datetime(2026, 4, 8, 8))
        cls.p2._cs_link_tickets(cls.acme_tickets[2])
        cls._move(cls.p2, "identified", datetime(2026, 4, 8, 12))
        cls.p3 = cls._problem("P3 previous", datetime(2026, 3, 20, 8))
        cls.p3._cs_link_tickets(cls.old_ticket)

    def _data(self, filters=None):
        return self.env["cs.kpi.dashboard"].with_context(tz="UTC").get_dashboard_data(filters or PERIOD)

    def _cards(self, data):
        return {card["code"]: card for card in data["problems"]}

    def test_problem_figures_of_the_period_and_the_previous(self):
        cards = self._cards(self._data())
        self.assertEqual(list(cards), ["problems_opened", "tickets_per_problem", "problem_accounts",
                                       "problem_identify_hours", "problem_resolve_hours"])
        values = {code: (card["value"], card["previous"]) for code, card in cards.items()}
        self.assertEqual(values, {
            "problems_opened": (2, 1),
            "tickets_per_problem": (2.0, 1.0),  # 4 tickets / 2 problems; 1 / 1
            "problem_accounts": (2, 1),
            "problem_identify_hours": (3.0, None),  # (2 + 4) / 2; P3 never identified
            "problem_resolve_hours": (10.0, None),  # P1 only
        })
        self.assertEqual(cards["problems_opened"]["change"], 1)
        self.assertEqual(cards["problem_resolve_hours"]["unit"], "hours")
        self.assertEqual(cards["problems_opened"]["name"], "Problems opened")

    def test_filters_keep_the_problems_with_a_ticket_of_the_filter(self):
        cards = self._cards(self._data({**PERIOD, "cs_tier_id": self.tier_core.id}))
        # Globex (core) had a ticket on P1 only; its tickets only are counted
        self.assertEqual(cards["problems_opened"]["value"], 1)
        self.assertEqual(cards["tickets_per_problem"]["value"], 1.0)
        self.assertEqual(cards["problem_accounts"]["value"], 1)
        self.assertEqual(cards["problem_resolve_hours"]["value"], 10.0)

    def test_problem_cards_cost_the_same_queries_whatever_the_problems(self):
        def count():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._data()
            return self.env.cr.sql_log_count - before

        count()
        few = count()
        for index in range(25):
            problem = self._problem(f"Bulk {index}", datetime(2026, 4, 2 + index % 9, 8))
            problem._cs_link_tickets(self._ticket(self.acme, name=f"Bulk {index}"))
            self._move(problem, "resolved", datetime(2026, 4, 11, 8))
        self.assertEqual(self._cards(self._data())["problems_opened"]["value"], 27)
        self.assertEqual(count(), few)

    def test_cards_drill_down_to_the_problems(self):
        Board = self.env["cs.kpi.dashboard"].with_context(tz="UTC")
        action = Board.get_kpi_action(PERIOD, "problems_opened")
        self.assertEqual(action["res_model"], "cs.problem")
        self.assertEqual(self.env["cs.problem"].search(action["domain"]), self.p1 | self.p2)
        action = Board.get_kpi_action(PERIOD, "problem_resolve_hours")
        self.assertEqual(self.env["cs.problem"].search(action["domain"]), self.p1)
        action = Board.get_kpi_action(PERIOD, "tickets_per_problem")
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        self.assertEqual(len(self.Ticket.search(action["domain"])), 4)
        action = Board.get_kpi_action(PERIOD, "problem_accounts")
        self.assertEqual(set(self.env["cs.problem.account"].search(action["domain"]).partner_id.ids),
                         {self.acme.id, self.globex.id})

    def test_monthly_review_prints_the_problem_measures(self):
        board = self.env["cs.kpi.dashboard"].with_context(tz="UTC").create(
            {"date_from": "2026-04-01", "date_to": "2026-04-30"})
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "customer_success_sla.action_report_cs_monthly_review", board.ids)
        html = html.decode()
        for text in ("Problems opened", "Mean time to resolve", "P1 login loop", "P2 slow reports", "10:00"):
            self.assertIn(text, html)
        self.assertNotIn(SECRET, html)
        top = board._cs_review_top_problems()
        self.assertEqual(top[0], ("P1 login loop", 3, 2, 10.0))
        self.assertEqual(top[1], ("P2 slow reports", 1, 1, None))

    def test_account_service_report_lists_the_problems_that_hit_the_account(self):
        figures = (self.acme | self.globex)._cs_service_report_values(datetime(2026, 4, 1).date(),
                                                                      datetime(2026, 4, 30).date())
        acme = {row["name"]: row for row in figures[self.acme.id]["problems"]}
        self.assertEqual(set(acme), {"P1 login loop", "P2 slow reports"})
        self.assertEqual((acme["P1 login loop"]["tickets"], acme["P1 login loop"]["resolve_hours"]), (2, 10.0))
        self.assertIsNone(acme["P2 slow reports"]["resolve_hours"])
        globex = {row["name"]: row for row in figures[self.globex.id]["problems"]}
        # P3 (March, still open) hit Globex in April too: it was open
        self.assertEqual(set(globex), {"P1 login loop", "P3 previous"})
        self.assertEqual(globex["P1 login loop"]["tickets"], 1, "the account's own tickets only")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "customer_success_sla.action_report_cs_account_service", self.acme.ids,
            data={"date_from": "2026-04-01", "date_to": "2026-04-30"})
        html = html.decode()
        self.assertIn("P1 login loop", html)
        self.assertNotIn(SECRET, html)
        self.assertNotIn("Globex", html)

    def test_problems_resolved_before_the_month_are_left_out(self):
        figures = self.acme._cs_service_report_values(datetime(2026, 5, 1).date(), datetime(2026, 5, 31).date())
        self.assertEqual([row["name"] for row in figures[self.acme.id]["problems"]], ["P2 slow reports"])


@tagged("post_install", "-at_install")
class TestProblemHealthSignal(ProblemMeasuresMixin, HealthCase):
    """The test profile (CSAT 60, urgent 40) with and without an incidents
    line (weight 40, 0 good, 2 bad)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.cs_csat_avg = 5
        cls.ticket = cls._ticket(cls.account, priority="1")
        cls.calm = cls._company("Calm Health", cs_tier_id=cls.tier.id, cs_csat_avg=5)
        cls._ticket(cls.calm, priority="1")

    def _add_line(self):
        self.profile.line_ids = [Command.create({"signal": "incidents", "weight": 40, "good_value": 0,
                                                 "bad_value": 2})]

    def test_an_incident_lowers_the_score_with_the_line(self):
        major = self._problem("Outage", fields.Datetime.now() - timedelta(days=3), is_major=True)
        major._cs_link_tickets(self.ticket)
        self.assertEqual(self.account._cs_compute_health().score, 100, "no incidents line: unchanged")
        self._add_line()
        check = self.account._cs_compute_health()
        # incidents 1 on 0..2 → 50 points; (60 × 100 + 40 × 100 + 40 × 50) / 140 = 85.7
        self.assertEqual(check.score, 86)
        line = check.line_ids.filtered(lambda line: line.signal == "incidents")
        self.assertEqual((line.raw_value, line.normalised), (1.0, 50.0))
        self.assertEqual(self.calm._cs_compute_health().score, 100, "an account not hit keeps its score")

    def test_other_problems_count_half_and_old_ones_not_at_all(self):
        minor = self._problem("Glitch", fields.Datetime.now() - timedelta(days=5))
        minor._cs_link_tickets(self.ticket)
        old = self._problem("Old outage", fields.Datetime.now() - timedelta(days=60), is_major=True)
        old._cs_link_tickets(self._ticket(self.account, priority="1"))
        old.write({"state": "resolved", "resolved_date": fields.Datetime.now() - timedelta(days=40)})
        self._add_line()
        line = self.account._cs_compute_health().line_ids.filtered(lambda line: line.signal == "incidents")
        self.assertEqual(line.raw_value, 0.5)

    def test_account_without_tickets_has_no_incident_data(self):
        bare = self._company("Bare Health", cs_tier_id=self.tier.id, cs_csat_avg=5)
        self._add_line()
        check = bare._cs_compute_health()
        self.assertEqual(check.score, 100)
        self.assertFalse(check.line_ids.filtered(lambda line: line.signal == "incidents").has_data)

    def test_demo_profile_weighs_incidents(self):
        profile = self.env.ref("customer_success_sla.health_profile_default")
        self.assertIn("incidents", profile.line_ids.mapped("signal"))


@tagged("post_install", "-at_install")
class TestProblemKnowledgeArticle(ProblemMeasuresMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.manager = new_test_user(cls.env, login="cs_kp_manager", groups="customer_success_sla.group_cs_manager")
        cls.agent = new_test_user(cls.env, login="cs_kp_agent", groups="customer_success_sla.group_cs_agent")
        account = cls.env["res.partner"].create({"name": "KP Account", "is_company": True,
                                                 "cs_tier_id": cls.env.ref("customer_success_sla.tier_core").id})
        contact = cls.env["res.partner"].create({"name": "KP Contact", "parent_id": account.id,
                                                 "email": "kp@example.com"})
        new_test_user(cls.env, login="cs_kp_portal", password="cs_kp_portal_pw", groups="base.group_portal",
                      partner_id=contact.id)
        cls.category = cls.env["helpdesk.ticket.category"].create({"name": "KP Login"})
        ticket = cls.env["helpdesk.ticket"].create({"name": "Cannot log in", "description": "x",
                                                    "partner_id": contact.id, "category_id": cls.category.id})
        cls.problem = cls.env["cs.problem"].create({
            "name": "Sign-in loops after release 4.1", "description": f"<p>{SECRET}</p>",
            "customer_summary": "<p>Some customers are sent back to the sign-in page.</p>",
            "workaround": "<p>Clear the browser cookies and sign in again.</p>",
            "state": "identified",
        })
        cls.problem.update_field_translations("customer_summary", {
            "zh_CN": {"Some customers are sent back to the sign-in page.": "部分客户登录后被送回登录页面。"}})
        cls.problem._cs_link_tickets(ticket)

    def _publish(self, problem=None, user=None):
        problem = (problem or self.problem).with_user(user or self.manager)
        problem.action_publish_known_problem_article()
        return problem.knowledge_article_id.sudo()

    def test_publishing_creates_a_portal_article_from_the_customer_summary(self):
        article = self._publish()
        self.assertEqual(article.name, "Sign-in loops after release 4.1")
        self.assertEqual((article.state, article.portal_published, article.is_sop), ("published", True, False))
        for text in ("sent back to the sign-in page", "Clear the browser cookies", "Identified", "Workaround",
                     "部分客户登录后被送回登录页面"):
            self.assertIn(text, article.body)
        self.assertNotIn(SECRET, article.body)
        self.assertEqual(article.category_ids, self.category)
        self.assertIn(self.env.ref("customer_success_sla.cs_knowledge_tag_known_problem"), article.tag_ids)

    def test_publishing_again_updates_the_same_article(self):
        article = self._publish()
        self.problem.write({"customer_summary": "<p>Fixed by release 4.1.1.</p>", "state": "resolved"})
        article.action_unpublish()
        again = self._publish()
        self.assertEqual(again, article)
        self.assertEqual(self.env["cs.knowledge.article"].sudo().search_count(
            [("name", "=", "Sign-in loops after release 4.1")]), 1)
        self.assertIn("Fixed by release 4.1.1", again.body)
        self.assertNotIn("sent back to the sign-in page", again.body)
        self.assertIn("Resolved", again.body)
        self.assertEqual(again.state, "published")

    def test_no_customer_summary_no_article(self):
        problem = self.env["cs.problem"].create({"name": "Unexplained", "description": f"<p>{SECRET}</p>"})
        with self.assertRaisesRegex(UserError, "customer summary"):
            self._publish(problem)
        self.assertFalse(problem.knowledge_article_id)
        self.assertFalse(self.env["cs.knowledge.article"].sudo().search([("name", "=", "Unexplained")]))

    def test_agents_do_not_publish(self):
        with self.assertRaises(AccessError):
            self._publish(user=self.agent)
        self.assertFalse(self.problem.knowledge_article_id)

    def test_portal_customer_reads_it_in_the_help_centre(self):
        article = self._publish()
        self.authenticate("cs_kp_portal", "cs_kp_portal_pw")
        page = self.url_open(f"/help/{article.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Clear the browser cookies", page.text)
        self.assertNotIn(SECRET, page.text)
        listing = self.url_open("/help?search=sign-in loops")
        self.assertIn("Sign-in loops after release 4.1", listing.text)


@tagged("post_install", "-at_install")
class TestProblemStatusIncidents(ProblemMeasuresMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        now = fields.Datetime.now()
        cls.component = cls.env["cs.service.component"].create({"name": "Billing Status"})
        account = cls.env["res.partner"].create({"name": "Hidden Account Name Ltd", "is_company": True})
        ticket = cls.env["helpdesk.ticket"].create({"name": "Invoices fail", "description": "x",
                                                    "partner_id": account.id})

        def problem(name, days, tickets=None):
            record = cls._problem(name, now - timedelta(days=days + 1), is_major=True,
                                  customer_summary=f"<p>Summary of {name}</p>",
                                  component_ids=[Command.set(cls.component.ids)])
            if tickets:
                record._cs_link_tickets(tickets)
            record.write({"state": "resolved", "resolved_date": now - timedelta(days=days)})
            return record

        cls.recent = problem("Billing outage last month", 30, ticket)
        cls.ancient = problem("Billing outage long ago", 120)
        cls.current = cls._problem("Invoices delayed now", now - timedelta(hours=2), is_major=True,
                                   severity="critical", customer_summary="<p>Invoices are delayed.</p>",
                                   component_ids=[Command.set(cls.component.ids)])
        cls.current.update_field_translations("customer_summary", {"zh_CN": {"Invoices are delayed.": "发票延迟。"}})
        cls.minor = cls._problem("Minor glitch internal", now - timedelta(days=2),
                                 customer_summary="<p>Minor</p>")

    def test_status_page_shows_recent_major_incidents_with_public_fields_only(self):
        html = self.url_open("/status").text
        for text in ("Billing outage last month", "Summary of Billing outage last month", "Invoices delayed now",
                     "Invoices are delayed.", "Major incident"):
            self.assertIn(text, html)
        for text in ("Billing outage long ago", "Minor glitch internal", SECRET, "Hidden Account Name Ltd",
                     "Invoices fail"):
            self.assertNotIn(text, html)

    def test_open_critical_incident_puts_its_component_in_outage(self):
        values = self.env["cs.service.component"]._cs_status_page_values()
        component = next(c for c in values["components"] if c["id"] == self.component.id)
        self.assertEqual(component["state"], "outage")
        incidents = {incident["name"]: incident for incident in values["incidents"]}
        self.assertEqual(set(incidents) & {"Billing outage last month", "Invoices delayed now",
                                           "Billing outage long ago"},
                         {"Billing outage last month", "Invoices delayed now"})
        self.assertEqual(set(incidents["Billing outage last month"]),
                         {"id", "name", "summary", "state", "date_start", "date_resolved", "components"})
        self.assertEqual(incidents["Billing outage last month"]["components"], ["Billing Status"])
        self.assertFalse(incidents["Invoices delayed now"]["date_resolved"])

    def test_incidents_in_the_visitors_language(self):
        user = new_test_user(self.env, login="cs_status_zh", password="cs_status_zh_pw",
                             groups="base.group_portal", lang="zh_CN")
        self.assertEqual(user.lang, "zh_CN")
        self.authenticate("cs_status_zh", "cs_status_zh_pw")
        html = self.url_open("/status").text
        self.assertIn("发票延迟。", html)

    def test_incident_history_costs_constant_queries(self):
        def count():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.env["cs.service.component"]._cs_status_page_values()
            return self.env.cr.sql_log_count - before

        count()
        few = count()
        now = fields.Datetime.now()
        for index in range(40):
            self._problem(f"Bulk incident {index}", now - timedelta(days=index % 80 + 1), is_major=True,
                          component_ids=[Command.set(self.component.ids)]).write(
                {"state": "resolved", "resolved_date": now - timedelta(days=index % 80)})
        self.assertEqual(count(), few)
