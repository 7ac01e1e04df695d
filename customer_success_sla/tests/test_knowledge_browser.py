"""The portal's new-ticket form suggests articles as the customer types,
in Debian's Chromium driven by Playwright; opening one and leaving is a
deflection."""

from odoo.tests import HttpCase, new_test_user, tagged

from .browser import ChromiumMixin


@tagged("post_install", "-at_install")
class TestKnowledgeSuggestionsInBrowser(ChromiumMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cs.knowledge.article"].search([]).write({"active": False})
        cls.article = cls.env["cs.knowledge.article"].create({
            "name": "登录失败怎么办", "body": "<p>点击重置密码。</p>", "state": "published", "portal_published": True})
        company = cls.env["res.partner"].create({"name": "Typing Co", "is_company": True})
        contact = cls.env["res.partner"].create({"name": "Tina Typing", "parent_id": company.id,
                                                 "email": "tina@typing.example.com"})
        new_test_user(cls.env, login="kb_typing", password="kb_typing_pw", groups="base.group_portal",
                      partner_id=contact.id)

    def test_suggestions_appear_while_typing_and_an_opened_one_is_a_deflection(self):
        with self._chromium() as browser:
            page = self._page(browser, "kb_typing", "kb_typing_pw")
            context = page.context
            page.goto(f"{self.base_url()}/new/ticket")
            # the frontend assets load after the page: wait for the script
            page.wait_for_selector(".o_cs_kb_suggestions[data-ready]", state="attached", timeout=60000)
            page.fill("input[name=subject]", "无法登录")
            link = page.locator(".o_cs_kb_suggestions a.o_cs_kb_suggestion").first
            link.wait_for(state="visible", timeout=60000)
            self.assertEqual(link.inner_text(), "登录失败怎么办")
            with context.expect_page() as opened:
                link.click()
            opened.value.wait_for_load_state()
            self.assertIn("点击重置密码", opened.value.content())
        deflection = self.env["cs.knowledge.deflection"].search([("article_id", "=", self.article.id)])
        self.assertEqual(deflection.query, "无法登录")
        self.assertTrue(deflection.deflected, "no ticket was filed after reading the article")
