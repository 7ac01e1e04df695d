"""A customer's whole journey on the portal, in Debian's Chromium driven by
Playwright: file a ticket, see its SLA, reply, confirm the solution, rate it;
a customer of another company cannot open it."""

from odoo.tests import HttpCase, new_test_user, tagged

from .browser import ChromiumMixin


@tagged("post_install", "-at_install")
class TestPortalJourney(ChromiumMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        vip = cls.env.ref("customer_success_sla.tier_vip")
        account = Partner.create({"name": "Journey Co", "is_company": True, "cs_tier_id": vip.id})
        contact = Partner.create({"name": "Jane Journey", "parent_id": account.id,
                                  "email": "jane@journey.example.com", "tz": "Asia/Shanghai"})
        cls.customer = new_test_user(cls.env, login="cs_journey", password="cs_journey_pw",
                                     groups="base.group_portal", partner_id=contact.id, tz="Asia/Shanghai")
        other = Partner.create({"name": "Other Co", "is_company": True})
        other_contact = Partner.create({"name": "Oscar Other", "parent_id": other.id, "email": "o@other.example.com"})
        cls.outsider = new_test_user(cls.env, login="cs_outsider", password="cs_outsider_pw",
                                     groups="base.group_portal", partner_id=other_contact.id)

    def test_customer_journey_in_chromium(self):
        Ticket = self.env["helpdesk.ticket"]
        with self._chromium() as browser:
            try:
                page = self._page(browser, "cs_journey", "cs_journey_pw", viewport={"width": 390, "height": 844})
                # file a ticket
                page.goto(f"{self.base_url()}/new/ticket")
                page.select_option("select[name=cs_impact]", "company")
                page.select_option("select[name=cs_urgency]", "high")
                # the frontend assets load after the page: wait for the preview script
                page.wait_for_function(
                    "document.querySelector('.o_cs_priority_value').textContent === 'Very High'", timeout=60000)
                self.assertEqual(page.inner_text(".o_cs_priority_value"), "Very High", "shown before sending")
                page.fill("input[name=subject]", "Journey: the ERP is down")
                page.fill("textarea[name=description]", "Nobody can log in since 9:00.")
                page.click("button[type=submit]")
                page.wait_for_url("**/my/ticket/**")
                ticket = Ticket.search([("name", "=", "Journey: the ERP is down")])
                self.assertEqual(ticket.priority, "3")
                # its SLA, in the customer's timezone
                sla = page.locator("[name=ticket_sla]")
                self.assertIn("First Response", sla.inner_text())
                self.assertIn("Asia/Shanghai", sla.inner_text())
                # a reply through the portal chatter
                composer = page.locator("#discussion textarea, #discussion .o-mail-Composer-input").first
                composer.fill("Here is a screenshot of the error.")
                page.locator("#discussion button:has-text('Send')").first.click()
                page.wait_for_timeout(1500)
                self.env.invalidate_all()
                self.assertIn("Here is a screenshot of the error.", "".join(ticket.message_ids.mapped("body")))
                # the customer confirms the solution, then rates it
                page.click("button[name=cs_solved]")
                page.wait_for_load_state("networkidle")
                self.env.invalidate_all()  # the browser's requests changed the ticket
                self.assertTrue(ticket.stage_id.closed)
                page.click("[name=ticket_rating_buttons] a[title=Satisfied]")
                page.wait_for_url("**/rate/**")
                page.fill("textarea[name=feedback]", "Fixed within the hour, thanks!")
                page.click("button[type=submit], input[type=submit]")
                page.wait_for_load_state("networkidle")
                self.env.invalidate_all()
                rating = ticket.rating_ids.filtered("consumed")
                self.assertEqual((rating.rating, rating.feedback), (5, "Fixed within the hour, thanks!"))
                # a customer of another company cannot open it
                # a form posted without its CSRF token is refused
                reopened = page.request.post(f"{self.base_url()}/my/ticket/{ticket.id}/reopen")
                self.assertEqual(reopened.status, 400)
                self.env.invalidate_all()
                self.assertTrue(ticket.stage_id.closed)
                other = self._page(browser, "cs_outsider", "cs_outsider_pw")
                other.goto(f"{self.base_url()}/my/ticket/{ticket.id}")
                self.assertNotIn("Journey: the ERP is down", other.content())
            except Exception:
                for index, context in enumerate(browser.contexts):
                    for number, open_page in enumerate(context.pages):
                        open_page.screenshot(path=f"/tmp/cs_portal_journey_{index}_{number}.png")
                raise
