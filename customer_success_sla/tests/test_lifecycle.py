from datetime import date
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
class TestLifecycle(CustomerSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.go_live = date(2026, 3, 2)
        cls.account = cls._company(
            "Lifecycle Co",
            cs_tier_id=cls.tier_standard.id,
            cs_lifecycle_stage="onboarding",
            cs_go_live_date=cls.go_live,
        )
        cls.contact = cls.Partner.create({"name": "Contact", "parent_id": cls.account.id})

    def _run_cron(self):
        # The cron commits each batch; inside a test the commit stays a flush.
        with patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.Partner._cron_update_lifecycle()

    @freeze_time("2026-03-08")
    def test_still_onboarding_on_day_seven(self):
        self._run_cron()
        self.assertEqual(self.account.cs_lifecycle_stage, "onboarding")

    @freeze_time("2026-03-09")
    def test_adoption_from_day_eight(self):
        self._run_cron()
        self.assertEqual(self.account.cs_lifecycle_stage, "adoption")
        self.assertEqual(self.contact.cs_lifecycle_stage, "adoption", "contacts follow")

    @freeze_time("2026-05-30")
    def test_still_adoption_on_day_ninety(self):
        self._run_cron()
        self.assertEqual(self.account.cs_lifecycle_stage, "adoption")

    @freeze_time("2026-05-31")
    def test_mature_from_day_ninety_one(self):
        self._run_cron()
        self.assertEqual(self.account.cs_lifecycle_stage, "mature")

    @freeze_time("2026-03-09")
    def test_second_run_changes_nothing(self):
        self._run_cron()
        self.account.invalidate_recordset()
        write_date = self.account.write_date
        self._run_cron()
        self.assertEqual(self.account.cs_lifecycle_stage, "adoption")
        self.assertEqual(self.account.write_date, write_date)

    @freeze_time("2026-12-01")
    def test_at_risk_and_churned_are_not_moved_by_time(self):
        at_risk = self._company("Risky", cs_lifecycle_stage="at_risk", cs_go_live_date=self.go_live)
        churned = self._company("Gone", cs_lifecycle_stage="churned", cs_go_live_date=self.go_live)
        self._run_cron()
        self.assertEqual(at_risk.cs_lifecycle_stage, "at_risk")
        self.assertEqual(churned.cs_lifecycle_stage, "churned")

    @freeze_time("2026-03-20")
    def test_day_counts_come_from_settings(self):
        self.env["res.config.settings"].create({"cs_onboarding_days": 30, "cs_adoption_days": 60}).execute()
        self._run_cron()
        self.assertEqual(self.account.cs_lifecycle_stage, "onboarding")

    @freeze_time("2026-03-09")
    def test_cron_works_in_batches(self):
        others = self.Partner.create(
            [
                {"name": f"Batch {index}", "is_company": True, "cs_lifecycle_stage": "onboarding",
                 "cs_go_live_date": self.go_live}
                for index in range(5)
            ]
        )
        with patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.Partner._cron_update_lifecycle(batch_size=2)
        self.assertEqual(set((others | self.account).mapped("cs_lifecycle_stage")), {"adoption"})

    def test_zero_or_negative_day_counts_are_refused(self):
        Settings = self.env["res.config.settings"]
        for values in (
            {"cs_onboarding_days": 0, "cs_adoption_days": 90},
            {"cs_onboarding_days": -1, "cs_adoption_days": 90},
            {"cs_onboarding_days": 7, "cs_adoption_days": 0},
            {"cs_onboarding_days": 30, "cs_adoption_days": 20},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                Settings.create(values)

    @freeze_time("2026-03-09")
    def test_broken_stored_day_counts_fall_back_to_defaults(self):
        # Stored before the parameters were checked: set_param refuses it now.
        self.env["ir.config_parameter"].sudo().set_param("customer_success_sla.onboarding_days", "7")
        self.env.cr.execute(
            "UPDATE ir_config_parameter SET value = '-5' WHERE key = 'customer_success_sla.onboarding_days'")
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        self._run_cron()
        self.assertEqual(self.account.cs_lifecycle_stage, "adoption")

    @freeze_time("2026-03-09")
    def test_out_of_bounds_stored_day_counts_fall_back_to_defaults(self):
        # 10⁹ days, stored before the settings were checked: the date
        # arithmetic would overflow and stop the cron.
        self.env["ir.config_parameter"].sudo().set_param("customer_success_sla.adoption_days", "90")
        self.env.cr.execute("UPDATE ir_config_parameter SET value = '1000000000' "
                            "WHERE key = 'customer_success_sla.adoption_days'")
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        self._run_cron()
        self.assertEqual(self.account.cs_lifecycle_stage, "adoption")
