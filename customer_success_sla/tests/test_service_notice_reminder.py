from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, freeze_time, tagged

from .service_notice_common import NOW, ServiceNoticeCase
from .test_cron_trust import CronCase


@tagged("post_install", "-at_install")
class TestServiceNoticeReminder(CronCase, ServiceNoticeCase):
    def _reminders(self, notice):
        return self.env["cs.service.notice.delivery"].search([("notice_id", "=", notice.id), ("kind", "=", "reminder")])

    def test_reminder_sent_once_before_the_window(self):
        notice = self._notice(tier_ids=[Command.set(self.tier_vip.ids)])
        notice.action_publish()
        with freeze_time(NOW):  # 45 minutes before the start, inside the 60-minute lead
            self._run("cs.service.notice", "_cron_service_notices")
            self._run("cs.service.notice", "_cron_service_notices")
        self.assertTrue(notice.reminder_sent)
        published = notice.delivery_ids.filtered(lambda d: d.kind == "publish")
        self.assertEqual(self._reminders(notice).partner_id, published.partner_id)
        self.assertEqual(len(self._reminders(notice)), len(published), "one reminder per main contact, once")
        reminder_mail = self._reminders(notice).mail_id.filtered(lambda m: m.recipient_ids == self.vip_en)
        self.assertIn("Reminder", reminder_mail.subject)

    def test_no_reminder_before_the_lead_time_or_unpublished(self):
        notice = self._notice(tier_ids=[Command.set(self.tier_vip.ids)], reminder_minutes=30)
        draft = self._notice(tier_ids=[Command.set(self.tier_vip.ids)])
        notice.action_publish()
        with freeze_time(NOW):
            self._run("cs.service.notice", "_cron_service_notices")
        self.assertFalse(notice.reminder_sent)
        self.assertFalse(self._reminders(notice) | self._reminders(draft))

    def test_states_move_at_start_and_end(self):
        notice = self._notice(tier_ids=[Command.set(self.tier_vip.ids)])
        cancelled = self._notice(state="cancelled")
        with freeze_time(NOW + timedelta(minutes=50)):
            self._run("cs.service.notice", "_cron_service_notices")
        self.assertEqual(notice.state, "in_progress")
        with freeze_time(NOW + timedelta(hours=3)):
            self._run("cs.service.notice", "_cron_service_notices")
        self.assertEqual(notice.state, "completed")
        self.assertEqual(cancelled.state, "cancelled")

    def test_notice_held_by_another_worker_is_skipped(self):
        notice = self._notice(tier_ids=[Command.set(self.tier_vip.ids)])
        notice.action_publish()
        with freeze_time(NOW), self._held_by_another_worker(notice):
            scheduler = self._run("cs.service.notice", "_cron_service_notices")
        self.assertFalse(notice.reminder_sent)
        self.assertFalse(self._reminders(notice))
        self.assertEqual(scheduler.remaining, 1, "left for the worker that holds it")


@tagged("post_install", "-at_install")
class TestServiceNoticeReminderTwoWorkers(TransactionCase):
    """Two real database connections run the reminder job at once: the
    second skips the notice the first holds, and after the first commits
    finds nothing left to send."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def test_reminder_sent_once_with_two_workers(self):
        registry = self.registry
        with registry.cursor() as cr:
            env = self._env(cr)
            tier = env.ref("customer_success_sla.tier_vip")
            account = env["res.partner"].create({
                "name": "Two workers Ltd", "is_company": True, "cs_tier_id": tier.id, "email": "tw@example.com"})
            notice = env["cs.service.notice"].create({
                "name": "Two workers", "kind": "maintenance", "date_start": NOW + timedelta(minutes=30),
                "date_end": NOW + timedelta(hours=1), "partner_ids": [Command.set(account.ids)],
                "is_published": True,
            })
            notice_id, account_id = notice.id, account.id

        def cleanup():
            with registry.cursor() as cr:
                env = self._env(cr)
                notice = env["cs.service.notice"].browse(notice_id)
                env["mail.mail"].search([("model", "=", "cs.service.notice"), ("res_id", "=", notice_id)]).unlink()
                notice.unlink()
                env["res.partner"].browse(account_id).unlink()
        self.addCleanup(cleanup)

        with freeze_time(NOW), registry.cursor() as cr1, registry.cursor() as cr2:
            env1, env2 = self._env(cr1), self._env(cr2)
            Cron1 = type(env1["ir.cron"])
            # worker 1 sends and holds its lock: its commit is delayed
            with patch.object(Cron1, "_commit_progress", lambda *a, **k: float("inf")):
                env1["cs.service.notice"]._cron_service_notices()
            # worker 2 runs meanwhile: the row is held, nothing is sent
            env2["cs.service.notice"]._cron_service_notices()
            self.assertFalse(env2["cs.service.notice.delivery"].search_count([("notice_id", "=", notice_id)]))
            cr1.commit()
            # worker 2 again, after worker 1's commit: nothing left
            env2.invalidate_all()
            env2["cs.service.notice"]._cron_service_notices()
            cr2.commit()

        with registry.cursor() as cr:
            env = self._env(cr)
            deliveries = env["cs.service.notice.delivery"].search([("notice_id", "=", notice_id)])
            self.assertEqual(len(deliveries), 1)
            self.assertEqual(deliveries.kind, "reminder")
            self.assertTrue(env["cs.service.notice"].browse(notice_id).reminder_sent)
