from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.customer_success_sla.engine import knowledge

from .common import CustomerSuccessCase


class KnowledgeCase(CustomerSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Article = cls.env["cs.knowledge.article"]
        # demo articles must not change what the tests rank
        cls.Article.search([]).write({"active": False})
        cls.login_zh = cls._article("登录失败怎么办", "<p>输入密码后提示登录失败，请重置密码。</p>")
        cls.invoice_zh = cls._article("发票金额与合同不一致", "<p>发票按实际启用的用户数计费。</p>")
        cls.vpn_zh = cls._article("VPN 连接不上", "<p>重启 VPN 客户端，检查防火墙。</p>")
        cls.configure_en = cls._article("Configuring email servers", "<p>Set the outgoing mail server.</p>")
        cls.printer_en = cls._article("Printer prints blank labels", "<p>Calibrate the gap sensor.</p>")
        cls.vip_only = cls._article("VIP gateway certificates", "<p>Dedicated gateway for VIP.</p>",
                                    tier_ids=[cls.tier_vip.id])
        cls.draft = cls._article("Draft", "<p>登录失败</p>", state="draft")
        cls.internal = cls._article("Internal note", "<p>登录 登录</p>", portal_published=False)

    @classmethod
    def _article(cls, name, body, **values):
        return cls.Article.create({"name": name, "body": body, "state": "published", "portal_published": True,
                                   **values})

    def _portal_user(self, login, tier):
        company = self._company(f"{login} Co", cs_tier_id=tier.id if tier else False)
        contact = self.Partner.create({"name": login, "parent_id": company.id, "email": f"{login}@example.com"})
        return new_test_user(self.env, login=login, groups="base.group_portal", partner_id=contact.id)


@tagged("post_install", "-at_install")
class TestKnowledgeSearch(KnowledgeCase):
    def test_chinese_query_ranks_the_matching_article_first(self):
        results = self.Article._cs_suggest("无法登录", 3)
        self.assertEqual(results[:1], self.login_zh)
        self.assertNotIn(self.invoice_zh, results)
        self.assertNotIn(self.draft, results, "drafts are never suggested")

    def test_title_is_weighted_above_body(self):
        body_only = self._article("Account locked", "<p>登录失败 five times locks the account.</p>")
        results = self.Article._cs_suggest("登录失败", 5)
        self.assertLess(list(results).index(self.login_zh), list(results).index(body_only))

    def test_english_words_are_stemmed(self):
        self.assertEqual(self.Article._cs_suggest("configure the email server", 1), self.configure_en)
        self.assertEqual(self.Article._cs_suggest("printing label", 1), self.printer_en)

    def test_mixed_language_text(self):
        self.assertEqual(self.Article._cs_suggest("我的VPN连接不上了", 1), self.vpn_zh)
        self.assertEqual(self.Article._cs_suggest("invoice 发票 wrong amount", 1), self.invoice_zh)

    def test_typo_falls_back_to_trigrams(self):
        self.assertIn(self.printer_en, self.Article._cs_suggest("prnter blnk", 3))

    def test_suggestions_cost_one_query_or_two(self):
        self.Article._cs_suggest("warm up jieba", 5)
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.assertEqual(len(self.Article._cs_suggest("登录", 1)), 1)
        with self.assertQueryCount(2):
            self.assertTrue(self.Article._cs_suggest("prnter blnk", 3))

    def test_empty_and_huge_queries_are_harmless(self):
        self.assertFalse(self.Article._cs_suggest("", 5))
        self.assertFalse(self.Article._cs_suggest("   <p> </p> ", 5))
        self.assertFalse(self.Article._cs_suggest("& | ! ( ) :*", 5))
        self.assertEqual(self.Article._cs_suggest("登录 " * 5000, "many")[:1], self.login_zh)

    def test_search_vector_follows_edits(self):
        self.printer_en.write({"name": "Scanner does not start"})
        self.assertEqual(self.Article._cs_suggest("scanner", 1), self.printer_en)
        self.assertNotIn(self.printer_en, self.Article._cs_suggest("printer", 5))

    def test_portal_users_see_their_tier_only(self):
        vip_user = self._portal_user("kb_vip", self.tier_vip)
        core_user = self._portal_user("kb_core", self.tier_core)
        as_vip = self.Article.with_user(vip_user)
        as_core = self.Article.with_user(core_user)
        self.assertEqual(as_vip._cs_suggest("gateway certificates", 1), self.vip_only)
        self.assertFalse(as_core._cs_suggest("gateway certificates", 5))
        self.assertFalse(as_core.search([("id", "=", self.vip_only.id)]))
        self.assertNotIn(self.internal, as_vip._cs_suggest("登录", 10), "not published on the portal")
        with self.assertRaises(AccessError):
            as_core.browse(self.vip_only.id).read(["name"])


@tagged("post_install", "-at_install")
class TestKnowledgeArticle(KnowledgeCase):
    def test_summary_keeps_chinese_punctuation(self):
        article = self._article("重置密码", "<p>已关闭，重新输入密码。<b>仍然失败？</b>请联系管理员：</p>")
        self.assertEqual(article.summary, "已关闭，重新输入密码。仍然失败？请联系管理员：")

    def test_script_in_body_is_sanitised(self):
        article = self._article("XSS", '<p onclick="alert(1)">Hi<script>alert("x")</script></p>')
        self.assertNotIn("<script", article.body)
        self.assertNotIn("onclick", article.body)
        self.assertIn("Hi", article.body)

    def test_publishing_needs_title_and_body(self):
        article = self.Article.create({"name": "Empty", "body": "<p><br></p>"})
        with self.assertRaises(ValidationError):
            article.action_publish()
        with self.assertRaises(ValidationError):
            self.Article.create({"name": " ", "body": "<p>text</p>", "state": "published"})

    def test_only_managers_publish(self):
        article = self.Article.with_user(self.agent).create({"name": "Agent draft", "body": "<p>x</p>"})
        with self.assertRaises(AccessError):
            article.action_publish()
        article.with_user(self.csm_a).action_publish()
        self.assertEqual(article.state, "published")
        self.assertEqual(article.reviewer_id, self.csm_a)
        self.env.cr.precommit.run()  # tracking values are written before commit
        self.assertTrue(article.sudo().message_ids.tracking_value_ids, "the change history is in the chatter")

    def test_views_and_votes_are_counted(self):
        self.login_zh._cs_register_view()
        self.login_zh._cs_register_view()
        Vote = self.env["cs.knowledge.vote"]
        voters = self.env["res.partner"].create([{"name": "Voter A"}, {"name": "Voter B"}])
        Vote._cs_vote(self.login_zh, True, partner=voters[0])
        Vote._cs_vote(self.login_zh, False, partner=voters[1])
        self.assertEqual(
            (self.login_zh.view_count, self.login_zh.helpful_count, self.login_zh.not_helpful_count), (2, 1, 1))


@tagged("post_install", "-at_install")
class TestKnowledgeSegmenterPreload(CustomerSuccessCase):
    def test_a_database_that_speaks_chinese_loads_jieba_with_its_registry(self):
        # with --workers the registry loads before the server forks: every worker starts with jieba
        self.env["res.lang"]._activate_lang("zh_CN")
        with patch.object(knowledge, "_segmenter", None):
            self.env["cs.knowledge.article"]._register_hook()
            self.assertIsNotNone(knowledge._segmenter)
