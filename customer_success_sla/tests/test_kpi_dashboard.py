from datetime import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tests import HttpCase, new_test_user, tagged

from .test_kpi import KpiCase

# 30 March 2026 is a Monday; the period is two weeks, the previous period the two before.
PERIOD = {"period": "custom", "date_from": "2026-03-30", "date_to": "2026-04-12"}


@tagged("post_install", "-at_install")
class TestKpiDashboardData(KpiCase):
    """The client dashboard's server side: the four hand-built tickets spread
    over two periods, read by a Brussels manager whose weeks start on Monday."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.lang_en").week_start = "1"

    def setUp(self):
        super().setUp()
        self.t1, self.t2, self.t3, self.t4 = self._build()
        # tickets carry the database clock: place them in time
        self._created(self.t1, datetime(2026, 3, 30, 7))  # this period, first week
        self._created(self.t3, datetime(2026, 4, 8, 7))  # this period, second week
        self._created(self.t4, datetime(2026, 4, 9, 7))
        self._created(self.t2, datetime(2026, 3, 20, 7))  # the previous period
        self.filters = {**PERIOD, "cs_tier_id": self.tier_be.id}

    def _created(self, ticket, when):
        self.env.cr.execute("UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s", (when, ticket.id))
        ticket.invalidate_recordset(["create_date"])

    def _data(self, filters=None, user=None, tz="Europe/Brussels"):
        board = self.env["cs.kpi.dashboard"].with_context(tz=tz)
        if user:
            board = board.with_user(user)
        return board.get_dashboard_data(filters or self.filters)

    def _kpis(self, data):
        return {line["code"]: line for line in data["kpis"]}

    def test_figures_of_the_period(self):
        data = self._data()
        self.assertEqual((data["date_from"], data["date_to"]), ("2026-03-30", "2026-04-12"))
        self.assertEqual(data["tickets"], 3)
        kpis = self._kpis(data)
        self.assertEqual(kpis["first_response_minutes"]["value"], 22.5)  # (30 + 15) / 2, T4 unanswered
        self.assertEqual(kpis["fcr_rate"]["value"], 50.0)  # T1 of T1 and T3
        self.assertEqual(kpis["repeat_rate"]["value"], 50.0)  # T3
        self.assertEqual(kpis["csat"]["value"], 3.0)  # (5 + 1) / 2
        self.assertEqual(kpis["resolution_hours"]["value"], 1.38)  # (1 + 1.75) / 2
        self.assertEqual(kpis["sla_compliance"]["value"], 83.33)  # 5 targets met, T4's first response breached
        self.assertEqual(kpis["backlog"]["value"], 1)
        self.assertEqual(kpis["first_response_minutes"]["status"], "on")  # 22.5 <= 30
        self.assertEqual(kpis["csat"]["status"], "off")  # 3.0 < 4.2
        self.assertEqual((kpis["csat"]["unit"], kpis["resolution_hours"]["unit"]), ("csat", "hours"))

    def test_previous_period_and_change_are_filled(self):
        data = self._data()
        self.assertEqual((data["previous_from"], data["previous_to"]), ("2026-03-16", "2026-03-29"))
        self.assertEqual(data["previous_tickets"], 1)
        kpis = self._kpis(data)
        # T2: first response after 1 h, two replies, solved in 2 h, rated 3, never reopened
        expected = {
            "first_response_minutes": (60.0, -37.5),
            "fcr_rate": (0.0, 50.0),
            "repeat_rate": (0.0, 50.0),
            "csat": (3.0, 0.0),
            "resolution_hours": (2.0, -0.62),
            "sla_compliance": (100.0, -16.67),
        }
        self.assertEqual({code: (kpis[code]["previous"], kpis[code]["change"]) for code in expected}, expected)
        self.assertIsNone(kpis["backlog"]["previous"], "the backlog is today's")

    def test_counts_are_whole_numbers(self):
        data = self._data()
        counts = [data["tickets"], data["previous_tickets"], self._kpis(data)["backlog"]["value"],
                  *data["series"]["tickets"]]
        self.assertTrue(all(type(count) is int for count in counts), counts)

    def test_weekly_series(self):
        data = self._data()
        self.assertEqual(data["weeks"], ["2026-03-30", "2026-04-06"])
        series = data["series"]
        self.assertEqual(series["tickets"], [1, 2])
        self.assertEqual(series["first_response_minutes"], [30.0, 15.0])
        self.assertEqual(series["fcr_rate"], [100.0, 0.0])
        self.assertEqual(series["repeat_rate"], [0.0, 100.0])
        self.assertEqual(series["csat"], [5.0, 1.0])
        self.assertNotIn("backlog", series)
        self.assertEqual({len(values) for values in series.values()}, {2})

    def test_weeks_start_on_the_readers_first_day(self):
        self.env.ref("base.lang_en").week_start = "7"  # Sunday
        data = self._data()
        self.assertEqual(data["weeks"], ["2026-03-29", "2026-04-05", "2026-04-12"])
        self.assertEqual(data["series"]["tickets"], [1, 2, 0])
        self.assertEqual(data["series"]["csat"], [5.0, 1.0, None], "a week without tickets has no data")

    def test_period_is_cut_in_the_readers_timezone(self):
        # 22:30 UTC on Sunday 29 March is 00:30 on Monday 30 March in Brussels
        self._created(self.t2, datetime(2026, 3, 29, 22, 30))
        brussels = self._data()
        self.assertEqual((brussels["tickets"], brussels["previous_tickets"]), (4, 0))
        self.assertEqual(brussels["series"]["tickets"], [2, 2])
        utc = self._data(tz="UTC")
        self.assertEqual((utc["tickets"], utc["previous_tickets"]), (3, 1))

    def test_a_year_costs_the_queries_of_two_weeks(self):
        year = {**self.filters, "date_from": "2026-01-01", "date_to": "2026-12-31"}
        self._data()  # warm the caches
        counts = []
        for filters in (self.filters, year):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            data = self._data(filters)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(len(data["weeks"]), 53)
        self.assertEqual(counts[0], counts[1], "one grouped query for every week, not a query per week")

    def test_named_periods_end_today_in_the_readers_timezone(self):
        today = fields.Date.context_today(self.env["cs.kpi.dashboard"].with_context(tz="Pacific/Kiritimati"))
        data = self._data({"period": "this_month"}, tz="Pacific/Kiritimati")
        self.assertEqual((data["date_from"], data["date_to"]), (str(today.replace(day=1)), str(today)))

    def test_bad_filters_are_refused(self):
        for filters in ({"period": "next_decade"}, {**PERIOD, "date_from": "2026-04-13"},
                        {"period": "custom"}, {**PERIOD, "date_to": "April"},
                        {**PERIOD, "team_id": "1 OR 1=1"}, {**PERIOD, "user_id": True}):
            with self.subTest(filters=filters), self.assertRaises(UserError):
                self._data(filters)
        with self.assertRaises(UserError):
            self.env["cs.kpi.dashboard"].get_kpi_action(PERIOD, "happiness")

    def test_cards_drill_down_to_their_tickets(self):
        Board = self.env["cs.kpi.dashboard"].with_context(tz="Europe/Brussels")
        Report = self.env["cs.ticket.report"]

        def tickets(code):
            action = Board.get_kpi_action(self.filters, code)
            self.assertEqual(action["type"], "ir.actions.act_window")
            self.assertTrue(action["views"])
            return action, self.env[action["res_model"]].search(Domain(action["domain"])).mapped(
                "ticket_id" if action["res_model"] == Report._name else "id")

        action, found = tickets("repeat_rate")
        self.assertEqual(found, self.t1 | self.t3, "the solved tickets of the period")
        self.assertEqual(action["context"], {"search_default_group_reopened": 1}, "grouped by reopened or not")
        self.assertEqual(tickets("first_response_minutes")[1], self.t1 | self.t3, "the answered tickets")
        self.assertEqual(tickets("resolution_hours")[1], self.t1 | self.t3, "the solved tickets with clocks")
        self.assertEqual(tickets("csat")[1], self.t1 | self.t3, "the rated tickets")
        self.assertEqual(tickets("sla_compliance")[1], self.t1 | self.t3 | self.t4)
        self.assertEqual(tickets("tickets")[1], self.t1 | self.t3 | self.t4)
        self.assertEqual(tickets("backlog")[1], self.t4, "open now")
        action, found = tickets("at_risk")
        self.assertEqual((action["res_model"], found), ("helpdesk.ticket", self.t4.ids))

    def test_only_managers_read_the_dashboard(self):
        manager = new_test_user(self.env, login="cs_kpi_manager", groups="customer_success_sla.group_cs_manager")
        self.assertEqual(self._data(user=manager)["tickets"], 3)
        self.env["cs.kpi.dashboard"].with_user(manager).get_kpi_action(self.filters, "csat")
        for user in (self.agent, self.portal_be):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._data(user=user)
                with self.assertRaises(AccessError):
                    self.env["cs.kpi.dashboard"].with_user(user).get_kpi_action(self.filters, "csat")

    def test_kpi_names_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_success_sla"], ["zh_CN"], overwrite=True)
        names = {line["code"]: line["name"] for line in
                 self.env["cs.kpi.dashboard"].with_context(lang="zh_CN").get_dashboard_data(self.filters)["kpis"]}
        english = dict(self.env["cs.kpi.target"]._fields["code"].selection)
        self.assertNotEqual(names["fcr_rate"], english["fcr_rate"])


@tagged("post_install", "-at_install")
class TestKpiDashboardTour(HttpCase):
    """In the browser: a manager filters the dashboard, reads its charts and
    drills down."""

    def test_dashboard_filters_charts_and_drill_down(self):
        tier = self.env["cs.tier"].create({"name": "KPI Tour Tier", "code": "KPI_TOUR"})
        customer = self.env["res.partner"].create({"name": "KPI Tour Customer", "is_company": True,
                                                   "cs_tier_id": tier.id})
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        progress = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        solved, reopened, *_open = self.env["helpdesk.ticket"].create([
            {"name": f"Tour ticket {index}", "description": "<p>Broken</p>", "partner_id": customer.id}
            for index in range(4)
        ])
        solved.stage_id = done
        reopened.stage_id = done
        reopened.stage_id = progress
        reopened.stage_id = done
        self.env["cs.problem"].create({"name": "Tour problem"})._cs_link_tickets(
            self.env["helpdesk.ticket"].browse([ticket.id for ticket in _open]))
        new_test_user(self.env, login="cs_tour_manager", groups="customer_success_sla.group_cs_manager")
        self.start_tour("/odoo/service-kpis", "customer_success_sla_kpi_dashboard", login="cs_tour_manager")
