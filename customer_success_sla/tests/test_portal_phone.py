"""The portal at phone width (390 px), in Debian's Chromium driven by
Playwright: the ticket list keeps stage and SLA on screen, and article
suggestions appear right under the field the customer is typing in."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .browser import ChromiumMixin

PHONE = {"width": 390, "height": 844}


@tagged("post_install", "-at_install")
class TestPortalPhone(ChromiumMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cs.sla.policy"].search([]).active = False
        tier = cls.env["cs.tier"].create({"name": "Phone tier", "code": "T_PHONE"})
        cls.env["cs.sla.policy"].create({
            "name": "Phone", "sequence": 1, "tier_ids": [Command.set(tier.ids)],
            "target_ids": [Command.create({"kind": "first_response", "hours": 4})],
            "no_resolution_confirmed": True,
        })
        account = cls.env["res.partner"].create({"name": "Phone Co", "is_company": True, "cs_tier_id": tier.id})
        contact = cls.env["res.partner"].create({"name": "Phoebe Phone", "parent_id": account.id,
                                                 "email": "phoebe@phone.example.com"})
        new_test_user(cls.env, login="cs_phone", password="cs_phone_pw", groups="base.group_portal",
                      partner_id=contact.id)
        cls.ticket = cls.env["helpdesk.ticket"].create({
            "name": "The monthly report export is empty since the last update", "description": "<p>x</p>",
            "partner_id": contact.id,
        })
        cls.number = cls.ticket.number
        cls.env["cs.knowledge.article"].search([]).write({"active": False})
        cls.env["cs.knowledge.article"].create({
            "name": "Exporting the monthly report", "body": "<p>Choose Export.</p>", "state": "published",
            "portal_published": True})

    def _browse(self, check):
        """Run ``check(page)`` in Chromium at phone width, logged in as the customer."""
        with self._chromium() as browser:
            check(self._page(browser, "cs_phone", "cs_phone_pw", timeout=60000, viewport=PHONE))

    def _assert_on_screen(self, locator, what):
        box = locator.bounding_box()
        self.assertTrue(box, f"{what} is not displayed")
        self.assertGreaterEqual(box["x"], 0, what)
        self.assertLessEqual(box["x"] + box["width"], PHONE["width"], f"{what} is off screen: {box}")

    def test_ticket_list_shows_stage_and_sla_at_phone_width(self):
        def check(page):
            page.goto(f"{self.base_url()}/my/tickets")
            row = page.locator("tbody tr", has_text=self.number)
            self._assert_on_screen(row.locator("span[title='Current stage of the ticket']"), "the stage")
            self._assert_on_screen(row.locator("span.badge", has_text="On Track"), "the SLA state")
            self._assert_on_screen(row.get_by_text(self.number), "the number")

        self._browse(check)

    def test_suggestions_appear_under_the_field_being_typed_in(self):
        def check(page):
            page.goto(f"{self.base_url()}/new/ticket")
            page.wait_for_selector(".o_cs_kb_suggestions[data-ready]", state="attached")
            subject = page.locator("input[name=subject]")
            subject.fill("monthly report export")
            suggestion = page.locator(".o_cs_kb_suggestions a.o_cs_kb_suggestion").first
            suggestion.wait_for(state="visible")
            box = page.locator(".o_cs_kb_suggestions").bounding_box()
            field = subject.bounding_box()
            description = page.locator("textarea[name=description]").bounding_box()
            self.assertLess(box["y"] - (field["y"] + field["height"]), 40, "right under the subject")
            self.assertLess(box["y"], description["y"], "above the fields that follow")
            self.assertLess(box["y"] + box["height"], PHONE["height"], "on screen while typing")
            page.locator("textarea[name=description]").fill("The monthly report export is empty")
            page.wait_for_timeout(800)
            box = page.locator(".o_cs_kb_suggestions").bounding_box()
            description = page.locator("textarea[name=description]").bounding_box()
            self.assertLess(abs(box["y"] - (description["y"] + description["height"])), 40,
                            "follows the customer to the description")

        self._browse(check)
