from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .service_notice_common import NOW, ServiceNoticeCase


@tagged("post_install", "-at_install")
class TestServiceNoticePublish(ServiceNoticeCase):
    def test_maintenance_reaches_only_its_tiers_main_contacts(self):
        notice = self._notice(tier_ids=[Command.set(self.tier_vip.ids)])
        notice.action_publish()
        mails = self._mails(notice)
        mine = self.vip_cn | self.vip_cn_main | self.vip_cn_other | self.vip_en | self.core | self.core_main
        self.assertEqual(mails.recipient_ids & mine, self.vip_cn_main | self.vip_en)
        self.assertEqual(mails.recipient_ids.commercial_partner_id.cs_tier_id, self.tier_vip)
        self.assertEqual(len(mails), len(mails.recipient_ids), "one mail per main contact")
        self.assertTrue(notice.is_published)

    def test_mail_in_the_contacts_language_and_time_zone(self):
        notice = self._notice(tier_ids=[Command.set(self.tier_vip.ids)])
        notice.with_context(lang="zh_CN").write({"name": "数据库升级"})
        # a sanitized translated Html field is translated term by term (html_translate):
        # writing it in Chinese would replace the English text too
        notice.update_field_translations("body", {"zh_CN": {"Reports read-only": "报表只读"}})
        notice.action_publish()
        mails = self._mails(notice)
        chinese = mails.filtered(lambda m: m.recipient_ids == self.vip_cn_main)
        english = mails.filtered(lambda m: m.recipient_ids == self.vip_en)
        self.assertEqual(chinese.subject, "数据库升级")
        self.assertIn("报表只读", chinese.body_html)
        self.assertIn("Asia/Shanghai", chinese.body_html)
        self.assertIn("16:45", chinese.body_html, "08:45 UTC is 16:45 in Shanghai")
        self.assertEqual(english.subject, "Database upgrade")
        self.assertIn("Reports read-only", english.body_html)
        self.assertIn("Europe/London", english.body_html)
        self.assertNotIn("报表", english.body_html)

    def test_publish_twice_mails_nobody_twice(self):
        notice = self._notice(tier_ids=[Command.set(self.tier_vip.ids)])
        notice.action_publish()
        first = len(self._mails(notice))
        notice.action_publish()
        self.assertEqual(len(self._mails(notice)), first)
        self.assertEqual(len(notice.delivery_ids), first)

    def test_duplicate_delivery_is_refused_by_the_database(self):
        notice = self._notice(tier_ids=[Command.set(self.tier_vip.ids)])
        notice.action_publish()
        with self.assertRaises(Exception), self.cr.savepoint():
            self.env["cs.service.notice.delivery"].create(
                {"notice_id": notice.id, "partner_id": self.vip_en.id, "kind": "publish"})

    def test_named_account_and_subscribers_of_its_components(self):
        follower = self.Partner.create({"name": "Follower", "parent_id": self.core.id, "email": "f@core.example"})
        self.env["cs.service.subscription"].create({"partner_id": follower.id, "component_id": self.api.id})
        notice = self._notice(partner_ids=[Command.set(self.core.ids)])
        notice.action_publish()
        self.assertEqual(self._mails(notice).recipient_ids, self.core_main | follower)

    def test_empty_audience_is_every_account_with_a_tier(self):
        notice = self._notice()
        recipients = notice._cs_recipients()[notice]
        self.assertLessEqual(self.vip_cn_main | self.vip_en | self.core_main, recipients)
        self.assertFalse(recipients.filtered(lambda p: not p.commercial_partner_id.cs_tier_id))

    def test_publish_refused_when_nobody_to_tell(self):
        silent = self._company("Silent", cs_tier_id=self.tier_core.id)
        notice = self._notice(partner_ids=[Command.set(silent.ids)])
        with self.assertRaises(UserError):
            notice.action_publish()
        self.assertFalse(self._mails(notice))
        self.assertFalse(notice.is_published)

    def test_publish_refused_when_cancelled(self):
        notice = self._notice(tier_ids=[Command.set(self.tier_vip.ids)])
        notice.action_cancel()
        with self.assertRaises(UserError):
            notice.action_publish()
        self.assertFalse(self._mails(notice))

    def test_end_before_start_refused(self):
        with self.assertRaises(ValidationError):
            self._notice(date_end=NOW)
        with self.assertRaises(ValidationError):
            self._notice(date_end=NOW + timedelta(minutes=45))

    def _bulk_notice(self, count):
        tier = self.env["cs.tier"].create({"name": f"Bulk tier {count}", "code": f"BULK{count}"})
        self.Partner.create([{
            "name": f"Bulk {count} {i}", "is_company": True, "cs_tier_id": tier.id,
            "email": f"bulk{count}.{i}@example.com", "lang": "zh_CN" if i % 2 else "en_US",
        } for i in range(count)])
        return self._notice(tier_ids=[Command.set(tier.ids)])

    def _publish_queries(self, notice):
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        notice.action_publish()
        return self.cr.sql_log_count - start

    def test_publish_queries_do_not_grow_with_the_audience(self):
        small, large = self._bulk_notice(5), self._bulk_notice(40)
        self._publish_queries(self._bulk_notice(3))  # warm the template caches
        few = self._publish_queries(small)
        many = self._publish_queries(large)
        self.assertEqual(len(self._mails(large)), 40)
        self.assertLessEqual(many, few + 5, f"{few} queries for 5 accounts, {many} for 40")


@tagged("post_install", "-at_install")
class TestServiceNoticeAccess(ServiceNoticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_cn = new_test_user(cls.env, login="cs_notice_portal_cn", groups="base.group_portal",
                                      partner_id=cls.vip_cn_other.id)
        cls.portal_core = new_test_user(cls.env, login="cs_notice_portal_core", groups="base.group_portal",
                                        partner_id=cls.core_main.id)
        cls.vip_notice = cls._notice(name="VIP only", tier_ids=[Command.set(cls.tier_vip.ids)], is_published=True)
        cls.core_notice = cls._notice(name="Core named", partner_ids=[Command.set(cls.core.ids)], is_published=True)
        cls.everyone = cls._notice(name="Everyone", is_published=True)
        cls.draft = cls._notice(name="Draft for everyone")

    def _visible(self, user):
        return self.Notice.with_user(user).search([("id", "in", (self.vip_notice | self.core_notice
                                                                 | self.everyone | self.draft).ids)])

    def test_portal_customer_sees_only_their_accounts_notices(self):
        self.assertEqual(self._visible(self.portal_cn), self.vip_notice | self.everyone)
        self.assertEqual(self._visible(self.portal_core), self.core_notice | self.everyone)

    def test_portal_home_lists_current_and_upcoming(self):
        notices = self.Notice.with_user(self.portal_core)._cs_portal_notices(limit=100)
        self.assertIn(self.core_notice, notices)
        self.assertNotIn(self.vip_notice, notices)
        self.assertNotIn(self.draft, notices)

    def test_agent_reads_but_cannot_publish_without_manager_rights(self):
        self.assertEqual(len(self._visible(self.agent)), 4)
        with self.assertRaises(Exception):
            self.everyone.with_user(self.agent).write({"name": "x"})
