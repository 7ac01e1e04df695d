"""Scheduled PDF reports: one account's failure never stops the batch, the
monthly review tries again, and a Chinese report prints in Chinese."""

import shutil
import subprocess
import unicodedata
from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, freeze_time, new_test_user, tagged

from .health_common import HealthCase



@tagged("post_install", "-at_install")
class TestReportBatches(HealthCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = type(cls.env["ir.actions.report"])
        cls.main_contact = cls.Partner.create({"name": "Main Contact", "parent_id": cls.account.id,
                                               "email": "main@acme.example.com", "cs_admin_contact": True})
        cls.broken = cls._company("Broken Co", cs_tier_id=cls.tier.id, cs_lifecycle_stage="mature",
                                  email="it@broken.example.com")
        cls.third = cls._company("Third Co", cs_tier_id=cls.tier.id, cs_lifecycle_stage="mature",
                                 email="it@third.example.com")

    def _failing_for(self, account):
        original = self.Report._render_qweb_pdf

        def render(report_self, report_ref, res_ids=None, data=None):
            if res_ids and account.id in res_ids:
                raise RuntimeError("wkhtmltopdf crashed")
            return original(report_self, report_ref, res_ids=res_ids, data=data)

        return patch.object(self.Report, "_render_qweb_pdf", render)

    def _reports(self, account):
        return self.env["mail.mail"].search([("subject", "like", "Service report"), ("model", "=", "res.partner"),
                                             ("res_id", "=", account.id)])

    def test_one_accounts_failure_does_not_stop_the_others(self):
        with freeze_time("2026-07-01"), self._failing_for(self.broken), \
                self.assertLogs("odoo.addons.customer_success_sla.models.res_partner_service_report",
                                level="ERROR") as logs:
            self._run_cron("_cron_send_service_reports")
        self.assertIn(f"Service report of account {self.broken.id} failed", logs.output[0])
        self.assertEqual(len(self._reports(self.account)), 1)
        self.assertEqual(len(self._reports(self.third)), 1)
        self.assertFalse(self._reports(self.broken))
        self.assertFalse(self.broken.cs_service_report_date, "still due: the next run tries again")
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", "res.partner"),
                                                           ("res_id", "=", self.broken.id)]))
        with freeze_time("2026-07-02"):
            self._run_cron("_cron_send_service_reports")
        self.assertEqual(len(self._reports(self.broken)), 1)
        self.assertEqual(len(self._reports(self.account)), 1, "the others are not sent twice")

    def test_a_failed_monthly_review_is_tried_again(self):
        new_test_user(self.env, login="cs_review_mgr", email="mgr@example.com",
                      groups="customer_success_sla.group_cs_manager")
        cron = self.env.ref("customer_success_sla.ir_cron_monthly_review")
        next_month = date.today().replace(day=1) + relativedelta(months=1)
        original = self.Report._render_qweb_pdf

        def render(*args, **kwargs):
            raise RuntimeError("wkhtmltopdf crashed")

        with freeze_time(next_month), patch.object(self.Report, "_render_qweb_pdf", render), \
                self.assertLogs("odoo.addons.customer_success_sla.models.cs_kpi_review", level="ERROR"):
            self.env["cs.kpi.dashboard"]._cron_send_monthly_review()
        self.assertFalse(self.env["cs.kpi.monthly.review"].search([]), "the month is not taken")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]), "a retry is planned")
        self.assertIs(self.Report._render_qweb_pdf, original)
        with freeze_time(next_month):
            self.env["cs.kpi.dashboard"]._cron_send_monthly_review()
        self.assertEqual(len(self.env["mail.mail"].search([("subject", "like", "Service review")])), 1)


@tagged("post_install", "-at_install")
class TestChineseReportPdf(HttpCase):
    """wkhtmltopdf with the Noto CJK fonts (`make test` installs them) prints
    a Chinese account's scheduled service report in Chinese."""

    def test_chinese_service_report_prints_in_chinese(self):
        for tool in ("wkhtmltopdf", "pdftotext"):
            self.assertTrue(shutil.which(tool), f"{tool} is missing: `make test` installs it (Debian packages "
                                                 "wkhtmltopdf and poppler-utils)")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_success_sla"], ["zh_CN"], overwrite=True)
        # wkhtmltopdf fetches the report's styles from this test's server
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())
        tier = self.env.ref("customer_success_sla.tier_vip")
        account = self.env["res.partner"].create({
            "name": "上海华晨科技有限公司", "is_company": True, "cs_tier_id": tier.id, "lang": "zh_CN",
            "cs_lifecycle_stage": "mature",
        })
        self.env["res.partner"].create({"name": "张敏", "parent_id": account.id, "email": "zhang@huachen.example.com",
                                        "cs_admin_contact": True, "lang": "zh_CN"})
        self.env["helpdesk.ticket"].create({"name": "打印机卡纸", "description": "<p>x</p>", "partner_id": account.id})
        account.with_context(force_report_rendering=True)._cs_send_service_reports(date.today())
        mail = self.env["mail.mail"].search([("model", "=", "res.partner"), ("res_id", "=", account.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn("服务报告", mail.subject)
        pdf = mail.attachment_ids.raw
        self.assertTrue(pdf.startswith(b"%PDF"), "a PDF, not the HTML fallback")
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                              check=True).stdout.decode()
        # the CJK font maps some characters to their Kangxi radical forms (⼯ for 工): NFKC folds them back
        text = unicodedata.normalize("NFKC", "".join(text.split()))
        self.assertIn("上海华晨科技有限公司", text)
        self.assertIn("服务报告", text)
        self.assertIn("新建工单", text)  # "Tickets opened"
