from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalRating(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.users, cls.tickets = {}, {}
        for key in ("a", "b"):
            company = Partner.create({"name": f"Customer {key}", "is_company": True})
            contact = Partner.create({"name": f"Contact {key}", "parent_id": company.id, "email": f"{key}@{key}.example.com"})
            cls.users[key] = new_test_user(cls.env, login=f"cs_rater_{key}", password=f"cs_rater_{key}",
                                           groups="base.group_portal", partner_id=contact.id)
            cls.tickets[key] = cls.env["helpdesk.ticket"].create(
                {"name": f"Ticket {key}", "description": "x", "partner_id": contact.id, "stage_id": done.id}
            )

    def _rate_from_portal(self, login, ticket, rate, feedback):
        self.authenticate(login, login)
        page = self.url_open(f"/my/ticket/{ticket.id}/rate/{rate}")
        token = page.url.rsplit("/rate/", 1)[-1].split("/")[0] if "/rate/" in page.url else None
        if token:
            self.url_open(f"/rate/{token}/submit_feedback",
                          data={"rate": rate, "feedback": feedback, "csrf_token": http.Request.csrf_token(self)})
        return page

    def test_customer_rates_own_ticket_from_the_portal(self):
        page = self._rate_from_portal("cs_rater_a", self.tickets["a"], 3, "Fine")
        self.assertIn("/rate/", page.url)
        rating = self.tickets["a"].rating_ids.filtered("consumed")
        self.assertEqual((rating.rating, rating.feedback), (3, "Fine"))
        self.assertIn("How did we do?", self.url_open(f"/my/ticket/{self.tickets['a'].id}").text)

    def test_customer_cannot_rate_another_customers_ticket(self):
        page = self._rate_from_portal("cs_rater_a", self.tickets["b"], 1, "Sabotage")
        self.assertNotIn("/rate/", page.url)
        self.assertFalse(self.tickets["b"].rating_ids.filtered("consumed"))
