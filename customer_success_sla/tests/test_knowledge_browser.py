"""The portal's new-ticket form suggests articles as the customer types,
in Debian's Chromium driven by Playwright; opening one and leaving is a
deflection."""

import resource
import shutil

from odoo.tests import HttpCase, new_test_user, tagged

from .test_portal_journey import CHROMIUM_ARGS


@tagged("post_install", "-at_install")
class TestKnowledgeSuggestionsInBrowser(HttpCase):
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
        from playwright.sync_api import sync_playwright

        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        self.assertTrue(chromium, "Chromium is installed by `make test` (Debian package chromium)")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        self.addCleanup(resource.setrlimit, resource.RLIMIT_AS, (soft, hard))
        session = self.authenticate("kb_typing", "kb_typing_pw")
        with self.allow_requests(), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context()
                context.add_cookies([
                    {"name": "session_id", "value": session.sid, "url": self.base_url()},
                    {"name": "test_request_key", "value": self.http_request_key, "url": self.base_url()},
                ])
                page = context.new_page()
                page.set_default_timeout(30000)
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
            finally:
                browser.close()
        deflection = self.env["cs.knowledge.deflection"].search([("article_id", "=", self.article.id)])
        self.assertEqual(deflection.query, "无法登录")
        self.assertTrue(deflection.deflected, "no ticket was filed after reading the article")
