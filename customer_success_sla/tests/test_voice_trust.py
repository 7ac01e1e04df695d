from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRatingTrust(HttpCase):
    """Odoo's rating page as customers use it: a forwarded token rates
    nothing and shows nothing, whatever the method; off-scale scores get a
    clear page, never a server error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.contacts, cls.tickets, cls.tokens = {}, {}, {}
        for key in ("a", "b"):
            company = Partner.create({"name": f"Trust Co {key}", "is_company": True})
            contact = Partner.create({"name": f"Trust {key}", "parent_id": company.id,
                                      "email": f"{key}@trust-{key}.example.com"})
            new_test_user(cls.env, login=f"cs_trust_{key}", password=f"cs_trust_{key}",
                          groups="base.group_portal", partner_id=contact.id)
            ticket = cls.env["helpdesk.ticket"].create(
                {"name": f"Secret outage {key}", "description": "x", "partner_id": contact.id, "stage_id": done.id})
            cls.contacts[key], cls.tickets[key] = contact, ticket
            cls.tokens[key] = ticket._rating_get_access_token(partner=contact)

    def _consumed(self, key):
        return self.tickets[key].rating_ids.filtered("consumed")

    def _post(self, token, **data):
        return self.url_open(f"/rate/{token}/submit_feedback",
                             data={**data, "csrf_token": http.Request.csrf_token(self)})

    def _assert_reveals_nothing(self, response, key):
        self.assertEqual(response.status_code, 403)
        for secret in (self.tickets[key].name, self.tickets[key].number or "no number", "Trust Co"):
            self.assertNotIn(secret, response.text)

    def test_forwarded_token_cannot_rate_by_post(self):
        self.authenticate("cs_trust_a", "cs_trust_a")
        response = self._post(self.tokens["b"], rate="1", feedback="Sabotage")
        self._assert_reveals_nothing(response, "b")
        self.assertFalse(self._consumed("b"))

    def test_forwarded_token_cannot_change_a_rating_by_post(self):
        self.tickets["b"].rating_apply(5, token=self.tokens["b"], feedback="Great")
        self.authenticate("cs_trust_a", "cs_trust_a")
        self._post(self.tokens["b"], rate="1", feedback="Sabotage")
        self.assertEqual((self._consumed("b").rating, self._consumed("b").feedback), (5, "Great"))

    def test_forwarded_token_pages_reveal_nothing(self):
        self.authenticate("cs_trust_a", "cs_trust_a")
        self._assert_reveals_nothing(self.url_open(f"/rate/{self.tokens['b']}/5"), "b")
        self._assert_reveals_nothing(self.url_open(f"/rate/{self.tokens['b']}/submit_feedback"), "b")

    def test_own_token_still_rates(self):
        self.authenticate("cs_trust_a", "cs_trust_a")
        self.assertEqual(self.url_open(f"/rate/{self.tokens['a']}/5").status_code, 200)
        self.assertEqual(self._post(self.tokens["a"], rate="5", feedback="Thanks").status_code, 200)
        self.assertEqual(self._consumed("a").rating, 5)

    def test_off_scale_rate_in_url_gets_a_clear_page(self):
        self.authenticate("cs_trust_a", "cs_trust_a")
        for rate in (0, 6):
            with self.subTest(rate=rate):
                response = self.url_open(f"/rate/{self.tokens['a']}/{rate}")
                self.assertEqual(response.status_code, 400)
                self.assertIn("goes from 1 (unhappy) to 5 (very happy)", response.text)

    def test_off_scale_rate_posted_gets_a_clear_page(self):
        self.authenticate("cs_trust_a", "cs_trust_a")
        for rate in ("0", "6", "x", ""):
            with self.subTest(rate=rate):
                response = self._post(self.tokens["a"], rate=rate, feedback="?")
                self.assertEqual(response.status_code, 400)
                self.assertIn("goes from 1 (unhappy) to 5 (very happy)", response.text)
        self.assertFalse(self._consumed("a"))

    def test_every_score_of_the_scale_is_saved(self):
        """2 and 4 are scores of the 1-5 scale, even if Odoo's page shows three faces."""
        self.authenticate("cs_trust_a", "cs_trust_a")
        for rate in (2, 4):
            with self.subTest(rate=rate):
                self.assertEqual(self.url_open(f"/rate/{self.tokens['a']}/{rate}").status_code, 200)
                self.assertEqual(self._post(self.tokens["a"], rate=str(rate), feedback="ok").status_code, 200)
                self.assertEqual(self._consumed("a").rating, rate)


@tagged("post_install", "-at_install")
class TestSurveyTrust(HttpCase):
    """The NPS survey as the customer answers it: an out-of-scale score is
    refused with the survey's validation message, never a server error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env["res.partner"].create({"name": "Survey Co", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Sven", "parent_id": company.id, "email": "sven@survey.example.com", "cs_admin_contact": True})
        new_test_user(cls.env, login="cs_trust_nps", password="cs_trust_nps", groups="base.group_portal",
                      partner_id=cls.contact.id)
        cls.survey = cls.env.ref("customer_success_sla.survey_nps")
        cls.score = cls.env.ref("customer_success_sla.survey_nps_question_score")
        cls.reason = cls.env.ref("customer_success_sla.survey_nps_question_reason")

    def _submit(self, answer, score):
        self.authenticate("cs_trust_nps", "cs_trust_nps")
        return self.make_jsonrpc_request(
            f"/survey/submit/{self.survey.access_token}/{answer.access_token}",
            {str(self.score.id): score, str(self.reason.id): "Because"},
        )

    def test_out_of_scale_nps_is_refused_with_the_validation_message(self):
        for score in ("11", "-1", "abc", "7.5"):
            with self.subTest(score=score):
                answer = self.survey.sudo()._create_answer(partner=self.contact)
                result = self._submit(answer, score)
                self.assertEqual(result[1].get("error"), "validation")
                self.assertEqual(result[1]["fields"], {str(self.score.id): "The answer you entered is not valid."})
                self.assertEqual(answer.state, "new")
                self.assertFalse(answer.cs_nps_category)

    def test_nps_on_the_scale_is_recorded(self):
        answer = self.survey.sudo()._create_answer(partner=self.contact)
        result = self._submit(answer, "0")
        self.assertFalse(result[1].get("error"))
        self.assertEqual((answer.state, answer.cs_nps_score, answer.cs_nps_category), ("done", 0, "detractor"))
