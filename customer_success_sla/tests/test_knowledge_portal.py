import json

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKnowledgePortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Article = cls.env["cs.knowledge.article"]
        Article.search([]).write({"active": False})
        Partner = cls.env["res.partner"]
        cls.tier_vip = cls.env.ref("customer_success_sla.tier_vip")
        cls.tier_core = cls.env.ref("customer_success_sla.tier_core")
        values = {"state": "published", "portal_published": True}
        cls.public = Article.create({"name": "登录失败怎么办", "body": "<p>重置密码后重新登录。</p>",
                                     "is_public": True, **values})
        cls.customers_only = Article.create({"name": "登录日志导出", "body": "<p>导出登录日志。</p>", **values})
        cls.vip_only = Article.create({"name": "VIP 专属网关登录", "body": "<p>网关证书。</p>",
                                       "tier_ids": [cls.tier_vip.id], **values})
        for login, tier in (("kb_portal_core", cls.tier_core), ("kb_portal_vip", cls.tier_vip)):
            company = Partner.create({"name": f"{login} Co", "is_company": True, "cs_tier_id": tier.id})
            contact = Partner.create({"name": login, "parent_id": company.id, "email": f"{login}@example.com"})
            new_test_user(cls.env, login=login, password=f"{login}_pw", groups="base.group_portal",
                          partner_id=contact.id)

    def test_visitors_find_public_articles_in_chinese(self):
        response = self.url_open("/help?search=无法登录")
        self.assertEqual(response.status_code, 200)
        self.assertIn("登录失败怎么办", response.text)
        self.assertNotIn("登录日志导出", response.text, "customers-only articles need a login")
        self.assertEqual(self.url_open(f"/help/{self.customers_only.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/help/{self.public.id}?src=ticket&q=x").status_code, 200)
        self.assertFalse(self.env["cs.knowledge.deflection"].search([("article_id", "=", self.public.id)]),
                         "anonymous page views are no deflection (filing a ticket needs a login)")

    def test_customers_cannot_read_the_ticket_behind_an_article(self):
        ticket = self.env["helpdesk.ticket"].create({"name": "Another customer's login problem", "description": "x"})
        self.customers_only.source_ticket_id = ticket
        portal_user = self.env["res.users"].search([("login", "=", "kb_portal_core")])
        article = self.customers_only.with_user(portal_user)
        self.assertEqual(article.name, "登录日志导出")
        with self.assertRaises(AccessError):
            article.read(["source_ticket_id"])
        with self.assertRaises(AccessError):
            article.read(["reviewer_id"])

    def test_customers_see_their_tier_only(self):
        self.authenticate("kb_portal_core", "kb_portal_core_pw")
        page = self.url_open("/help?search=登录").text
        self.assertIn("登录日志导出", page)
        self.assertNotIn("VIP 专属网关登录", page)
        hidden = self.url_open(f"/help/{self.vip_only.id}")
        missing = self.url_open("/help/987654321")
        self.assertEqual((hidden.status_code, missing.status_code), (404, 404))
        self.assertEqual(hidden.text, missing.text.replace("987654321", str(self.vip_only.id)),
                         "another tier's article looks like a missing one")
        self.authenticate("kb_portal_vip", "kb_portal_vip_pw")
        self.assertIn("网关证书", self.url_open(f"/help/{self.vip_only.id}").text)

    def test_only_the_portals_categories_are_shown(self):
        Category = self.env["helpdesk.ticket.category"]
        shown = Category.create({"name": "Portal login help", "show_in_portal": True})
        hidden = Category.create({"name": "Back-office escalations", "show_in_portal": False})
        other_company = self.env["res.company"].create({"name": "KB Other Co"})
        foreign = Category.create({"name": "Other company's billing", "show_in_portal": True,
                                   "company_id": other_company.id})
        self.customers_only.category_ids = shown + hidden + foreign
        self.authenticate("kb_portal_core", "kb_portal_core_pw")
        page = self.url_open(f"/help/category/{shown.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Portal login help", page.text)
        self.assertIn("登录日志导出", page.text)
        missing = self.url_open("/help/category/987654321")
        for category in (hidden, foreign):
            response = self.url_open(f"/help/category/{category.id}")
            self.assertEqual(response.status_code, 404, category.name)
            self.assertEqual(missing.status_code, 404)
            self.assertEqual(response.text, missing.text.replace("987654321", str(category.id)),
                             "a category the portal does not show looks like a missing one")
        listing = self.url_open("/help").text
        self.assertIn("Portal login help", listing)
        self.assertNotIn("Back-office escalations", listing)
        self.assertNotIn("Other company&#39;s billing", listing)
        self.assertNotIn("Other company's billing", listing)

    def test_views_and_helpful_votes_are_counted_once_per_session(self):
        self.authenticate("kb_portal_core", "kb_portal_core_pw")
        self.url_open(f"/help/{self.public.id}")
        for _attempt in range(2):
            self.url_open(f"/help/{self.public.id}/vote", data={"helpful": "1", "csrf_token": http.Request.csrf_token(self)})
        self.public.invalidate_recordset()
        self.assertEqual((self.public.view_count, self.public.helpful_count), (3, 1))

    def test_suggestions_while_typing(self):
        self.authenticate("kb_portal_core", "kb_portal_core_pw")
        suggestions = json.loads(self.url_open("/help/suggest?q=无法登录").text)
        self.assertEqual(suggestions[0]["name"], "登录失败怎么办")
        self.assertEqual(json.loads(self.url_open("/help/suggest?q=").text), [])

    def test_opened_suggestion_without_ticket_is_a_deflection(self):
        self.authenticate("kb_portal_core", "kb_portal_core_pw")
        self.url_open(f"/help/{self.public.id}?src=ticket&q=无法登录")
        deflection = self.env["cs.knowledge.deflection"].search([("article_id", "=", self.public.id)])
        self.assertEqual(len(deflection), 1)
        self.assertEqual(deflection.query, "无法登录")
        self.assertTrue(deflection.deflected)
        # the customer files the ticket anyway: not deflected
        self.url_open("/submitted/ticket", data={
            "csrf_token": http.Request.csrf_token(self), "subject": "无法登录", "description": "还是不行",
            "cs_impact": "user", "cs_urgency": "low",
        })
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "无法登录")])
        self.assertTrue(ticket)
        deflection.invalidate_recordset()
        self.assertEqual(deflection.ticket_id, ticket)
        self.assertFalse(deflection.deflected)
