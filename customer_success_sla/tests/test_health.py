from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .health_common import HealthCase


@tagged("post_install", "-at_install")
class TestHealthScore(HealthCase):
    def test_hand_computed_score(self):
        # CSAT 4.6 on 1..5 → 90 points; 2 open urgent tickets on 0..4 → 50 points
        # score = 60 % × 90 + 40 % × 50 = 54 + 20 = 74
        self._set_csat(self.account, 4.6)
        for name in ("Down", "Also down"):
            self._ticket(self.account, name=name, priority="3")
        self._ticket(self.account, name="Minor", priority="1")
        check = self.account._cs_compute_health()
        self.assertEqual(check.score, 74)
        self.assertEqual(check.status, "green")
        self.assertEqual((self.account.cs_health_score, self.account.cs_health_status), (74, "green"))
        lines = {line.signal: line for line in check.line_ids}
        self.assertEqual((lines["csat"].raw_value, lines["csat"].normalised, lines["csat"].contribution),
                         (4.6, 90.0, 54.0))
        self.assertEqual((lines["urgent_open"].raw_value, lines["urgent_open"].normalised,
                          lines["urgent_open"].contribution), (2.0, 50.0, 20.0))
        self.assertEqual(check.missing_signal_count, 0)
        self.assertFalse(check.note)

    def test_contacts_follow_their_account(self):
        contact = self.Partner.create({"name": "Jane", "parent_id": self.account.id})
        self._set_csat(self.account, 5)
        check = contact._cs_compute_health()
        self.assertEqual(check.partner_id, self.account)
        self.assertEqual(contact.cs_health_score, 100)

    def test_missing_signal_is_left_out_and_weights_rescaled(self):
        self.profile.line_ids = [(0, 0, {"signal": "nps", "weight": 20, "good_value": 100, "bad_value": -100})]
        self.profile.line_ids.filtered(lambda line: line.signal == "csat").weight = 50
        self.profile.line_ids.filtered(lambda line: line.signal == "urgent_open").weight = 30
        self._set_csat(self.account, 4.6)
        self._ticket(self.account, priority="3")
        self._ticket(self.account, priority="3")
        # no NPS answer: CSAT 50/80, urgent 30/80 → 62.5 % × 90 + 37.5 % × 50 = 75 (not 45 + 15 + 0 = 60)
        check = self.account._cs_compute_health()
        self.assertEqual(check.score, 75)
        nps = check.line_ids.filtered(lambda line: line.signal == "nps")
        self.assertFalse(nps.has_data)
        self.assertEqual(nps.contribution, 0)
        self.assertEqual(check.missing_signal_count, 1)
        self.assertIn("NPS", check.note)
        self.assertAlmostEqual(sum(check.line_ids.mapped("effective_weight")), 100)

    def test_an_account_without_any_data_gets_no_score(self):
        with self.assertRaises(UserError):
            self.account.action_cs_run_health_check()
        self.assertFalse(self._checks())
        self.assertFalse(self.account._cs_compute_health())
        self.assertFalse(self.account.cs_health_status)

    def test_status_follows_the_profile_thresholds(self):
        self._set_csat(self.account, 3.4)  # 60 points on the whole profile (no ticket: urgent left out)
        self.assertEqual(self.account._cs_compute_health().status, "yellow")
        self.profile.write({"red_threshold": 61, "yellow_threshold": 90})
        self.assertEqual(self.account._cs_compute_health().status, "red")
        self.profile.write({"red_threshold": 10, "yellow_threshold": 60})
        self.assertEqual(self.account._cs_compute_health().status, "green")

    def test_thresholds_out_of_order_are_refused(self):
        for red, yellow in ((70, 40), (50, 50), (-5, 50), (40, 120)):
            with self.subTest(red=red, yellow=yellow), self.assertRaises(ValidationError):
                self.profile.write({"red_threshold": red, "yellow_threshold": yellow})

    def test_all_weights_zero_are_refused(self):
        with self.assertRaises(ValidationError):
            self.profile.line_ids.write({"weight": 0})
        with self.assertRaises(ValidationError):
            self._profile("Zero", [("csat", 0, 5, 1), ("nps", 0, 100, -100)])

    def test_equal_good_and_bad_values_are_refused(self):
        with self.assertRaises(ValidationError):
            self.profile.line_ids[:1].write({"good_value": 3, "bad_value": 3})

    def test_new_profile_gets_every_signal_with_default_weights(self):
        profile = self.env["cs.health.profile"].create({"name": "Fresh"})
        self.assertEqual(len(profile.line_ids), 10)
        self.assertEqual(sum(profile.line_ids.mapped("weight")), 100)

    def test_trend_against_the_previous_check(self):
        self._set_csat(self.account, 5)
        with freeze_time("2026-05-01"):
            first = self.account._cs_compute_health()
        self._set_csat(self.account, 4)
        with freeze_time("2026-05-31"):
            second = self.account._cs_compute_health()
        self.assertEqual((first.score, first.has_previous, first.trend), (100, False, "new"))
        self.assertEqual((second.score, second.previous_score, second.score_change, second.trend),
                         (75, 100, -25, "down"))
        self.assertEqual((self.account.cs_health_trend, self.account.cs_health_trend_direction), (-25, "down"))
        self.assertEqual(self._checks().mapped("score"), [100, 75])
        self.account.invalidate_recordset(["cs_health_chart"])
        chart = str(self.account.cs_health_chart)
        self.assertIn("<svg", chart)
        self.assertIn("2026-05-01", chart)
        self.assertIn("2026-05-31", chart)

    def test_usage_signals_come_from_the_snapshots(self):
        profile = self._profile("Usage", [("seat_utilisation", 50, 80, 20), ("feature_adoption", 50, 80, 10)],
                                key_feature_count=10)
        self.tier.health_profile_id = profile
        Snapshot = self.env["cs.usage.snapshot"]
        with freeze_time("2026-05-31"):
            Snapshot.create({"partner_id": self.account.id, "date": "2026-05-30", "active_users": 10,
                             "licensed_seats": 20, "features_used": 3})
            Snapshot.create({"partner_id": self.account.id, "date": "2026-01-01", "active_users": 20,
                             "licensed_seats": 20, "features_used": 10})  # too old to count
            check = self.account._cs_compute_health()
        # 50 % of seats → 50 points; 3 of 10 features = 30 % → 28.57 points
        lines = {line.signal: line for line in check.line_ids}
        self.assertEqual((lines["seat_utilisation"].raw_value, lines["seat_utilisation"].normalised), (50, 50))
        self.assertEqual((lines["feature_adoption"].raw_value, lines["feature_adoption"].normalised), (30, 28.57))
        self.assertEqual(check.score, 39)

    def test_csm_touch_counts_days_since_the_csm_last_wrote(self):
        profile = self._profile("Touch", [("csm_touch", 100, 14, 60)])
        self.tier.health_profile_id = profile
        with freeze_time("2026-05-01 10:00:00"):
            self.account.message_post(body="Called the sponsor", author_id=self.csm_a.partner_id.id,
                                      message_type="comment", subtype_xmlid="mail.mt_note")
        with freeze_time("2026-06-05 10:00:00"):
            self.account.message_post(body="Not the CSM", author_id=self.csm_b.partner_id.id,
                                      message_type="comment", subtype_xmlid="mail.mt_note")
        with freeze_time("2026-06-07"):
            check = self.account._cs_compute_health()
        # 37 days: (60 - 37) / (60 - 14) = 50 %
        self.assertEqual(check.line_ids.raw_value, 37)
        self.assertEqual(check.score, 50)

    def test_health_signals_read_a_batch_in_constant_queries(self):
        def queries_for(count):
            accounts = self.Partner.create([
                {"name": f"Batch {count} {index}", "is_company": True, "cs_tier_id": self.tier.id,
                 "cs_lifecycle_stage": "mature", "cs_csat_avg": 4.0} for index in range(count)])
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            accounts._cs_compute_health()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        queries_for(2)  # warm the registry caches
        self.assertEqual(queries_for(3), queries_for(12))


@tagged("post_install", "-at_install")
class TestHealthSchedule(HealthCase):
    def test_at_most_one_check_per_account_per_day(self):
        self._set_csat(self.account, 5)
        with freeze_time("2026-06-01 08:00:00"):
            self._run_cron()
            self._run_cron()
        self._set_csat(self.account, 4)
        with freeze_time("2026-06-01 17:00:00"):
            self.account.with_user(self.csm_a).action_cs_run_health_check()
            self._run_cron()
        checks = self._checks()
        self.assertEqual(len(checks), 1)
        self.assertEqual(checks.score, 75, "the button updates the day's check")
        self.assertEqual(len(checks.line_ids), 2)

    def test_cron_checks_each_tier_on_its_interval(self):
        self._set_csat(self.account, 5)
        with freeze_time("2026-06-01"):
            self._run_cron()
        with freeze_time("2026-06-30"):
            self._run_cron()
        self.assertEqual(len(self._checks()), 1, "29 days: not due on a 30-day interval")
        with freeze_time("2026-07-01"):
            self._run_cron()
        self.assertEqual([str(day) for day in self._checks().mapped("date")], ["2026-06-01", "2026-07-01"])

    def test_cron_skips_churned_accounts_and_works_in_batches(self):
        others = self.Partner.create([
            {"name": f"Batch {index}", "is_company": True, "cs_tier_id": self.tier.id,
             "cs_lifecycle_stage": "adoption", "cs_csat_avg": 4.0} for index in range(5)])
        churned = self._company("Gone", cs_tier_id=self.tier.id, cs_lifecycle_stage="churned", cs_csat_avg=4.0)
        with freeze_time("2026-06-01"):
            self._run_cron(batch_size=2)
        self.assertEqual(set(others.mapped("cs_health_score")), {75})
        self.assertFalse(self._checks(churned))

    def test_run_health_check_is_for_csms(self):
        self._set_csat(self.account, 5)
        with self.assertRaises(UserError):
            self.account.with_user(self.agent).action_cs_run_health_check()
        self.account.with_user(self.csm_b).action_cs_run_health_check()
        self.assertEqual(self.account.cs_health_score, 100)


@tagged("post_install", "-at_install")
class TestHealthAccess(HealthCase):
    def test_agents_read_checks_csms_import_usage_portal_sees_nothing(self):
        self._set_csat(self.account, 5)
        check = self.account._cs_compute_health()
        self.assertEqual(check.with_user(self.agent).score, 100)
        with self.assertRaises(Exception):
            self.env["cs.usage.snapshot"].with_user(self.agent).create(
                {"partner_id": self.account.id, "date": "2026-01-01"})
        self.env["cs.usage.snapshot"].with_user(self.csm_a).create({"partner_id": self.account.id, "date": "2026-01-01"})
        portal = self.env["res.users"].create({
            "name": "Portal", "login": "health_portal", "partner_id": self._company("Portal Co").id,
            "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])]})
        for model in ("cs.health.check", "cs.health.check.line", "cs.usage.snapshot", "cs.health.profile"):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(portal).has_access("read"))


@tagged("post_install", "-at_install")
class TestHealthTicketSignals(HealthCase):
    def test_ticket_and_sla_signals_are_read_from_the_account_tickets(self):
        account = self._company("Ticketing Co", cs_tier_id=self.tier_core.id, cs_lifecycle_stage="mature")
        contact = self.Partner.create({"name": "Jane", "parent_id": account.id})
        old = self._ticket(contact, name="Old", priority="1")
        recent = self._ticket(contact, name="Recent", priority="3")
        reopened = self._ticket(account, name="Reopened", priority="1")
        self._ticket(self.account, name="Another account", priority="3")
        reopened.sudo().cs_reopen_count = 1
        clock = self.env["cs.ticket.sla"].sudo().search([("ticket_id", "=", recent.id)], limit=1)
        self.assertTrue(clock, "the Core policy opens clocks")
        now = self.env.cr.now()
        clock.write({"status": "breached", "deadline": now - timedelta(days=2)})
        self.env.flush_all()
        # tickets are stamped with the database clock: move one back into the baseline
        self.env.cr.execute("UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s", [now - timedelta(days=50), old.id])
        self.env.invalidate_all()
        raws = account._cs_health_signals(now.date(), {account.id: 10})[account.id]
        # 2 tickets this month against 1 in the 60 days before: twice the pace
        self.assertEqual(raws["ticket_volume"], 4.0)
        self.assertEqual(raws["urgent_open"], 1)
        self.assertEqual(raws["sla_breaches"], 1)
        self.assertEqual(raws["reopen_rate"], 33.33)
        self.assertIsNone(raws["csat"], "no rating: no data, not zero")
        self.assertIsNone(raws["csm_touch"], "no CSM")
        self.assertIsNone(raws["seat_utilisation"])
