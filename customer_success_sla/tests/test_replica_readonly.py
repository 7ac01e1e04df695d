"""The pages and calls that only read run on Odoo's read-only cursor, which
a read replica serves when the server has one (``db_replica_host``).

In tests, Odoo opens the read-only cursor as a READ ONLY transaction: a
write there fails and Odoo retries the request on a read/write cursor,
logging a warning. tools/check_replica.py checks the same pages against a
real streaming replica."""

import json
import logging
from contextlib import contextmanager
from unittest.mock import patch
from urllib.parse import quote

from odoo.http import request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.customer_success_sla.controllers.knowledge_portal import KnowledgePortal
from odoo.addons.customer_success_sla.controllers.status_page import CustomerSuccessStatusPage

RETRY_WARNING = "retrying with a read/write cursor"
REVIEW = "/report/html/customer_success_sla.report_cs_monthly_review"


@tagged("post_install", "-at_install")
class TestReplicaReadonly(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, login="cs_ro_manager", password="cs_ro_manager",
                                    groups="base.group_user,customer_success_sla.group_cs_manager")
        cls.portal = new_test_user(cls.env, login="cs_ro_portal", password="cs_ro_portal",
                                   groups="base.group_portal")
        cls.article = cls.env["cs.knowledge.article"].create({
            "name": "Resetting a forgotten password", "body": "<p>Use the reset link.</p>",
            "state": "published", "portal_published": True, "is_public": True,
        })

    def _routing(self, path):
        for rule in self.env["ir.http"].routing_map().iter_rules():
            if rule.rule == path:
                return rule.endpoint.routing
        raise AssertionError(f"no route {path}")

    @contextmanager
    def _http_warnings(self):
        """The warnings odoo.http logs meanwhile."""
        lines = []

        class Collect(logging.Handler):
            def emit(self, record):
                lines.append(record.getMessage())

        handler = Collect(logging.WARNING)
        logger = logging.getLogger("odoo.http")
        logger.addHandler(handler)
        try:
            yield lines
        finally:
            logger.removeHandler(handler)

    def _on_readonly_cursor(self, owner, method_name, call):
        """Run ``call`` (a request) and return the cursor modes ``method_name``
        of ``owner`` ran with; fails when the request was retried because
        it tried to write."""
        modes = []
        original = getattr(owner, method_name)

        def spy(this, *args, **kwargs):
            # a model method has its environment, a controller's runs in the request's
            modes.append(this.env.cr.readonly if hasattr(this, "env") else request.env.cr.readonly)
            return original(this, *args, **kwargs)

        with patch.object(owner, method_name, spy), self._http_warnings() as warnings:
            response = call()
        retried = [line for line in warnings if RETRY_WARNING in line]
        self.assertFalse(retried, "a read-only page tried to write and was retried on the primary")
        return response, modes

    def test_routes_are_readonly(self):
        for path in ("/status", "/help", "/help/category/<int:category_id>", "/help/suggest",
                     "/report/<converter>/<reportname>"):
            with self.subTest(path=path):
                self.assertIs(self._routing(path)["readonly"], True)
        # it counts a view and a deflection: on the primary
        self.assertFalse(self._routing("/help/<int:article_id>")["readonly"])

    def test_kpi_methods_are_readonly(self):
        Dashboard = type(self.env["cs.kpi.dashboard"])
        for method in ("get_dashboard_data", "get_kpi_action"):
            with self.subTest(method=method):
                # how the web client's /web/dataset/call_kw picks the cursor
                flags = [getattr(cls, method)._readonly for cls in Dashboard.mro()
                         if hasattr(getattr(cls, method, None), "_readonly")]
                self.assertTrue(flags and flags[0], f"{method} is not @api.readonly")

    def test_status_and_help_run_on_the_readonly_cursor(self):
        for login in (None, "cs_ro_portal"):
            self.authenticate(login, login)
            for owner, name, url, expect in (
                (CustomerSuccessStatusPage, "_cs_status_values", "/status", "o_cs_status_page"),
                (KnowledgePortal, "_articles", "/help", "o_cs_help_centre"),
                (KnowledgePortal, "_articles", "/help?search=password", self.article.name),
                (KnowledgePortal, "_articles", "/help/suggest?q=password", self.article.name),
            ):
                with self.subTest(login=login, url=url):
                    response, modes = self._on_readonly_cursor(owner, name, lambda u=url: self.url_open(u))
                    self.assertEqual(response.status_code, 200)
                    self.assertIn(expect, response.text)
                    self.assertEqual(modes, [True])

    def test_article_page_counts_views_on_the_primary(self):
        response, modes = self._on_readonly_cursor(KnowledgePortal, "_articles",
                                                   lambda: self.url_open(f"/help/{self.article.id}"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(modes, [False])
        self.article.invalidate_recordset(["view_count"])
        self.assertEqual(self.article.view_count, 1)

    def test_kpi_dashboard_calls_run_on_the_readonly_cursor(self):
        self.authenticate("cs_ro_manager", "cs_ro_manager")
        Dashboard = type(self.env["cs.kpi.dashboard"])
        for method, args in (("get_dashboard_data", [{"period": "this_year"}]),
                             ("get_kpi_action", [{"period": "this_year"}, "csat"])):
            with self.subTest(method=method):
                _result, modes = self._on_readonly_cursor(
                    Dashboard, "_cs_dashboard_query", lambda m=method, a=args: self.make_jsonrpc_request(
                        f"/web/dataset/call_kw/cs.kpi.dashboard/{m}",
                        {"model": "cs.kpi.dashboard", "method": m, "args": a, "kwargs": {}}))
                # every query of the call (KPI and problem cards) on the read-only cursor
                self.assertEqual(set(modes), {True})

    def test_monthly_review_preview_runs_on_the_readonly_cursor(self):
        """The dashboard's preview of the review builds its board in memory:
        nothing is written, the report route stays on the read-only cursor."""
        self.authenticate("cs_ro_manager", "cs_ro_manager")
        Report = type(self.env["report.customer_success_sla.report_cs_monthly_review"])
        options = quote(json.dumps({"period": "this_year"}))
        boards = self.env["cs.kpi.dashboard"].search_count([])
        response, modes = self._on_readonly_cursor(
            Report, "_get_report_values", lambda: self.url_open(f"{REVIEW}?options={options}&context=%7B%7D"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Service review", response.text)
        self.assertEqual(modes, [True])
        self.assertEqual(self.env["cs.kpi.dashboard"].search_count([]), boards)

    def test_monthly_review_preview_is_for_managers(self):
        self.authenticate("cs_ro_portal", "cs_ro_portal")
        options = quote(json.dumps({"period": "this_year"}))
        response = self.url_open(f"{REVIEW}?options={options}&context=%7B%7D")
        self.assertNotIn("Service review", response.text)

    def test_a_write_on_a_readonly_page_is_retried_on_the_primary(self):
        """The control of the checks above: a page that writes on the
        read-only cursor fails there, and Odoo serves it again on a
        read/write cursor, with a warning."""
        original = CustomerSuccessStatusPage._cs_status_values

        def writing(this, **extra):
            request.env["ir.config_parameter"].sudo().set_param("customer_success_sla.replica_probe", "1")
            return original(this, **extra)

        with patch.object(CustomerSuccessStatusPage, "_cs_status_values", writing), \
                mute_logger("odoo.sql_db", "odoo.http"), self._http_warnings() as warnings:
            response = self.url_open("/status")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(any(RETRY_WARNING in line for line in warnings), warnings)
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param("customer_success_sla.replica_probe"), "1")


@tagged("post_install", "-at_install")
class TestKpiReviewPreviewTour(HttpCase):
    """In the browser: from the KPI dashboard, the service review of the
    period on screen."""

    def test_review_preview_from_the_dashboard(self):
        new_test_user(self.env, login="cs_review_manager", groups="customer_success_sla.group_cs_manager")
        self.start_tour("/odoo/service-kpis", "customer_success_sla_kpi_review", login="cs_review_manager")
