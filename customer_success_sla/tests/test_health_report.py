from odoo.tests import freeze_time, tagged

from .health_common import HealthCase


@tagged("post_install", "-at_install")
class TestServiceReport(HealthCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main_contact = cls.Partner.create({"name": "Main Contact", "parent_id": cls.account.id,
                                               "email": "main@acme.example.com", "cs_admin_contact": True})
        cls.other = cls._company("Quiet Co", cs_tier_id=cls.tier.id, cs_lifecycle_stage="mature",
                                 email="it@quiet.example.com", cs_service_report_opt_out=True)

    def _reports(self):
        # demo accounts may be due too: only this test's accounts
        return self.env["mail.mail"].search([("subject", "like", "Service report"), ("model", "=", "res.partner"),
                                             ("res_id", "in", (self.account | self.other).ids)])

    def test_monthly_report_goes_to_the_main_contacts_once_per_period(self):
        self._set_csat(self.account, 5)
        with freeze_time("2026-06-20"):
            self.account._cs_compute_health()
        with freeze_time("2026-07-01"):
            self._run_cron("_cron_send_service_reports")
            self._run_cron("_cron_send_service_reports")
        mails = self._reports()
        self.assertEqual(len(mails), 1, "one account (the other opted out), once")
        self.assertEqual(mails.recipient_ids, self.main_contact)
        self.assertIn("2026-06-01", mails.subject)
        self.assertEqual(mails.attachment_ids.mimetype, "application/pdf")
        with freeze_time("2026-07-20"):
            self._run_cron("_cron_send_service_reports")
        self.assertEqual(len(self._reports()), 1, "not before the next month")
        with freeze_time("2026-08-01"):
            self._run_cron("_cron_send_service_reports")
        self.assertEqual(len(self._reports()), 2)

    def test_weekly_tiers_get_a_weekly_report(self):
        self.tier.service_report_frequency = "weekly"
        with freeze_time("2026-06-03"):
            self._run_cron("_cron_send_service_reports")
        with freeze_time("2026-06-07"):
            self._run_cron("_cron_send_service_reports")
        with freeze_time("2026-06-08"):
            self._run_cron("_cron_send_service_reports")
        self.assertEqual(len(self._reports()), 2)

    def test_report_shows_tickets_sla_csat_and_health(self):
        self._set_csat(self.account, 5)
        with freeze_time("2026-06-20"):
            self.account._cs_compute_health()
        self._ticket(self.account, name="Printer")
        today = self.env.cr.now().date()
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "customer_success_sla.action_report_cs_account_service", self.account.ids,
            data={"date_from": str(today.replace(day=1)), "date_to": str(today)})
        html = html.decode()
        for expected in ("Acme Health", "Tickets opened", "SLA compliance", "Satisfaction", "Health trend"):
            self.assertIn(expected, html)
        figures = self.account._cs_service_report_values(today.replace(day=1), today)[self.account.id]
        self.assertEqual(figures["opened"], 1)

    def test_report_shows_the_sla_compliance_percentage(self):
        """An account with SLA targets met and breached in the period: the
        report renders its compliance (the cron failed on every such account:
        the XML loader had turned the template's "%%" into "%")."""
        from unittest.mock import patch

        Partner = type(self.Partner)
        original = Partner._cs_service_report_values

        def values(records, date_from, date_to):
            result = original(records, date_from, date_to)
            for row in result.values():
                row.update(sla_met=1, sla_breached=1, sla_compliance=50.0)
            return result

        today = self.env.cr.now().date()
        with patch.object(Partner, "_cs_service_report_values", values):
            html, _type = self.env["ir.actions.report"]._render_qweb_html(
                "customer_success_sla.action_report_cs_account_service", self.account.ids,
                data={"date_from": str(today.replace(day=1)), "date_to": str(today)})
        self.assertRegex(html.decode(), r"50\.0</span>\s*%")
