from datetime import date

from odoo.tests import Form, freeze_time, tagged

from .health_common import HealthCase


@tagged("post_install", "-at_install")
class TestHealthPlaybooks(HealthCase):
    def _plan_activities(self, xmlid, account=None):
        summaries = self.env.ref(xmlid).template_ids.mapped("summary")
        return (account or self.account).activity_ids.filtered(lambda activity: activity.summary in summaries)

    def _check_on(self, day, csat):
        self._set_csat(self.account, csat)
        with freeze_time(day):
            return self.account._cs_compute_health()

    def test_red_moves_to_at_risk_and_starts_the_playbook_once(self):
        contact = self.Partner.create({"name": "Jane", "parent_id": self.account.id})
        check = self._check_on("2026-06-01", 1.4)  # 10 points: red
        self.assertEqual(check.status, "red")
        self.assertEqual(self.account.cs_lifecycle_stage, "at_risk")
        self.assertEqual((contact.cs_lifecycle_stage, contact.cs_health_status), ("at_risk", "red"),
                         "contacts follow their account")
        self.assertTrue(self.account.cs_risk_episode)
        self.assertEqual(self.account.cs_pre_risk_stage, "mature")
        activities = self._plan_activities("customer_success_sla.plan_at_risk")
        self.assertEqual(len(activities), 3)
        self.assertEqual(activities.user_id, self.csm_a)
        call = activities.filtered(lambda activity: activity.activity_type_id == self.env.ref("mail.mail_activity_data_call"))
        self.assertLessEqual((call.date_deadline - check.date).days, 3, "the call is due by the next working day")
        # still red the next days, and the same day again: one episode, one playbook
        self._check_on("2026-06-01", 1.2)
        self._check_on("2026-06-02", 1.0)
        self._check_on("2026-06-03", 1.4)
        self.assertEqual(len(self._plan_activities("customer_success_sla.plan_at_risk")), 3)

    def test_the_call_is_due_one_working_day_later_holidays_counted(self):
        calendar = self.env.ref("customer_success_sla.calendar_support_business").copy({"tz": "Asia/Shanghai"})
        self.tier.resource_calendar_id = calendar
        # Friday 5 June 2026, 17:00 in Shanghai: one working hour left that day
        with freeze_time("2026-06-05 09:00:00"):
            self.assertEqual(self.account._cs_next_working_day()[self.account.id], date(2026, 6, 8))
            self.env["resource.calendar.leaves"].create({
                "name": "Holiday", "calendar_id": calendar.id,
                "date_from": "2026-06-07 16:00:00", "date_to": "2026-06-08 15:59:59",  # Monday in Shanghai
            })
            self.assertEqual(self.account._cs_next_working_day()[self.account.id], date(2026, 6, 9))

    def test_a_sharp_drop_starts_the_playbook_whatever_the_colour(self):
        self._check_on("2026-06-01", 5)      # 100
        self._check_on("2026-06-02", 4.4)    # 85: green but 15 points lost
        self.assertEqual(self.account.cs_health_status, "green")
        self.assertEqual(self.account.cs_lifecycle_stage, "at_risk")
        self.assertEqual(len(self._plan_activities("customer_success_sla.plan_at_risk")), 3)

    def test_two_consecutive_green_checks_end_the_episode(self):
        self.account.cs_lifecycle_stage = "adoption"
        self._check_on("2026-06-01", 1.4)   # red: episode
        self._check_on("2026-06-02", 5)     # first green
        self.assertEqual(self.account.cs_lifecycle_stage, "at_risk")
        self._check_on("2026-06-02", 5)     # the same day again: still one green check
        self.assertEqual(self.account.cs_lifecycle_stage, "at_risk")
        self._check_on("2026-06-03", 3)     # yellow: the streak restarts
        self._check_on("2026-06-04", 5)
        self.assertTrue(self.account.cs_risk_episode)
        self._check_on("2026-06-05", 5)     # second consecutive green
        self.assertFalse(self.account.cs_risk_episode)
        self.assertEqual(self.account.cs_lifecycle_stage, "adoption", "the stage before the episode")
        # a new fall is a new episode with its own playbook
        self._check_on("2026-06-06", 1.4)
        self.assertEqual(self.account.cs_lifecycle_stage, "at_risk")
        self.assertEqual(len(self._plan_activities("customer_success_sla.plan_at_risk")), 6)

    def test_marking_churned_runs_the_exit_playbook_and_records_the_reason(self):
        self._check_on("2026-06-01", 1.4)
        action = self.account.with_user(self.csm_a).action_cs_mark_churned()
        wizard = Form(self.env[action["res_model"]].with_user(self.csm_a).with_context(action["context"]))
        wizard.reason = "competitor"
        wizard.note = "Moved to a cheaper tool"
        wizard.save().action_confirm()
        self.assertEqual(self.account.cs_lifecycle_stage, "churned")
        self.assertEqual((self.account.cs_churn_reason, self.account.cs_churn_note),
                         ("competitor", "Moved to a cheaper tool"))
        self.assertTrue(self.account.cs_churn_date)
        self.assertFalse(self.account.cs_risk_episode, "the episode ends with the account")
        exit_activities = self._plan_activities("customer_success_sla.plan_exit")
        self.assertEqual(len(exit_activities), 3)
        self.assertEqual(exit_activities.user_id, self.csm_a)
        # writing churned again runs nothing more
        self.account.cs_lifecycle_stage = "churned"
        self.assertEqual(len(self._plan_activities("customer_success_sla.plan_exit")), 3)

    def test_churned_accounts_start_no_at_risk_playbook(self):
        self.account.cs_lifecycle_stage = "churned"
        self._check_on("2026-06-01", 1.0)
        self.assertEqual(self.account.cs_lifecycle_stage, "churned")
        self.assertFalse(self._plan_activities("customer_success_sla.plan_at_risk"))

    def test_mature_accounts_get_periodic_reviews_per_tier(self):
        self.tier.write({"inspection_interval_days": 30, "business_review_interval_days": 90})
        adopting = self._company("Young", cs_tier_id=self.tier.id, cs_csm_user_id=self.csm_b.id,
                                 cs_lifecycle_stage="adoption")
        with freeze_time("2026-06-01"):
            self._run_cron("_cron_schedule_reviews")
            self._run_cron("_cron_schedule_reviews")
        self.assertEqual(len(self._plan_activities("customer_success_sla.plan_review_inspection")), 2)
        self.assertEqual(len(self._plan_activities("customer_success_sla.plan_review_qbr")), 2)
        self.assertFalse(adopting.activity_ids)
        with freeze_time("2026-07-01"):
            self._run_cron("_cron_schedule_reviews")
        self.assertEqual(len(self._plan_activities("customer_success_sla.plan_review_inspection")), 4)
        self.assertEqual(len(self._plan_activities("customer_success_sla.plan_review_qbr")), 2)

    def test_playbooks_start_for_a_batch_in_constant_queries(self):
        def queries_for(count):
            accounts = self.Partner.create([
                {"name": f"Red {count} {index}", "is_company": True, "cs_tier_id": self.tier.id,
                 "cs_csm_user_id": self.csm_a.id, "cs_lifecycle_stage": "mature", "cs_csat_avg": 1.0}
                for index in range(count)])
            self.env["res.partner"].create([{"name": f"Contact {index}", "parent_id": account.id}
                                            for index, account in enumerate(accounts)])
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            accounts._cs_compute_health()
            self.env.flush_all()
            self.assertEqual(set(accounts.mapped("cs_lifecycle_stage")), {"at_risk"})
            return self.env.cr.sql_log_count - before

        queries_for(2)  # warm the registry caches
        self.assertEqual(queries_for(3), queries_for(12))
