from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

# What customers must not read about their own account, user or tickets.
INTERNAL_PARTNER_FIELDS = [
    "cs_lifecycle_stage", "cs_go_live_date", "cs_health_score", "cs_health_status", "cs_health_check_ids",
    "cs_usage_snapshot_ids", "cs_health_check_date", "cs_health_trend", "cs_health_trend_direction",
    "cs_health_color", "cs_health_chart", "cs_risk_episode", "cs_risk_episode_date", "cs_pre_risk_stage",
    "cs_last_inspection_date", "cs_last_business_review_date", "cs_churn_reason", "cs_churn_note",
    "cs_churn_date", "cs_service_report_date", "cs_csat_avg", "cs_nps", "cs_nps_count",
    "cs_nps_last_invite_date",
]
INTERNAL_USER_FIELDS = ["cs_capacity", "cs_available", "cs_skill_ids", "cs_health_score", "cs_nps"]
INTERNAL_TICKET_FIELDS = [
    "cs_agent_reply_count", "cs_first_response_calendar_hours", "cs_resolution_calendar_hours",
    "cs_first_response_hours", "cs_resolution_hours", "cs_sla_breached_count", "cs_sla_met_count",
    "cs_sla_open_count", "cs_sla_policy_id", "cs_rating_requested_closing", "cs_reopen_count",
    "cs_sop_article_ids", "cs_sop_html", "cs_suggested_article_ids", "cs_article_ids", "cs_article_count",
    # triage: what the model and the agents think of the ticket and of the customer's mood
    "cs_predicted_category_id", "cs_predicted_category_confidence", "cs_predicted_priority",
    "cs_predicted_priority_confidence", "cs_predicted_team_id", "cs_predicted_team_confidence",
    "cs_triage_applied", "cs_triage_corrected", "cs_language", "cs_sentiment", "cs_sentiment_score",
    "cs_sentiment_trend", "cs_sentiment_raised",
]
# What the portal shows them: still readable.
CUSTOMER_PARTNER_FIELDS = ["cs_tier_id", "cs_csm_user_id", "cs_admin_contact", "cs_portal_company_view"]
CUSTOMER_TICKET_FIELDS = ["cs_tier_id", "cs_sla_status", "cs_sla_deadline", "cs_support_level", "cs_impact",
                          "cs_urgency", "cs_sla_ids", "cs_customer_solved_date"]


@tagged("post_install", "-at_install")
class TestPartnerFieldAccess(HttpCase):
    """Customers read through JSON-RPC what the portal shows them, never
    their account's internal customer-success figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        csm = new_test_user(cls.env, login="cs_fa_csm", name="Carla CSM", groups="customer_success_sla.group_cs_manager")
        cls.account = cls.env["res.partner"].create({
            "name": "Field Co", "is_company": True, "cs_tier_id": cls.env.ref("customer_success_sla.tier_core").id,
            "cs_csm_user_id": csm.id, "cs_health_score": 35, "cs_health_status": "red",
            "cs_churn_note": "Thinking of leaving",
        })
        cls.contact = cls.env["res.partner"].create(
            {"name": "Fiona", "parent_id": cls.account.id, "email": "fiona@field.example.com"})
        cls.user = new_test_user(cls.env, login="cs_fa_portal", password="cs_fa_portal", groups="base.group_portal",
                                 partner_id=cls.contact.id)
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Field ticket", "description": "x", "partner_id": cls.contact.id})

    def _read(self, model, record_id, field):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/read", {
            "model": model, "method": "read", "args": [[record_id], [field]], "kwargs": {},
        })

    def _assert_refused(self, model, record_id, fields):
        self.authenticate("cs_fa_portal", "cs_fa_portal")
        for field in fields:
            with self.subTest(model=model, field=field), self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self._read(model, record_id, field)

    def test_portal_user_cannot_read_the_accounts_internal_fields(self):
        self._assert_refused("res.partner", self.account.id, INTERNAL_PARTNER_FIELDS)

    def test_portal_user_cannot_read_internal_fields_through_the_user(self):
        self._assert_refused("res.users", self.user.id, INTERNAL_USER_FIELDS)

    def test_portal_user_cannot_read_the_tickets_internal_fields(self):
        self._assert_refused("helpdesk.ticket", self.ticket.id, INTERNAL_TICKET_FIELDS)

    def test_portal_user_cannot_read_the_mood_of_their_own_messages(self):
        message = self.ticket.with_user(self.user).message_post(
            body="This is the third outage this month, we are very unhappy", message_type="comment",
            subtype_xmlid="mail.mt_comment")
        self.assertLess(message.sudo().cs_sentiment_score, 0, "scored for the agents")
        self._assert_refused("mail.message", message.id, ["cs_sentiment_score"])

    def test_portal_user_reads_what_the_portal_shows(self):
        self.authenticate("cs_fa_portal", "cs_fa_portal")
        for model, record_id, fields in (("res.partner", self.account.id, CUSTOMER_PARTNER_FIELDS),
                                         ("helpdesk.ticket", self.ticket.id, CUSTOMER_TICKET_FIELDS)):
            for field in fields:
                with self.subTest(model=model, field=field):
                    self.assertIn(field, self._read(model, record_id, field)[0])

    def test_portal_pages_still_render(self):
        self.authenticate("cs_fa_portal", "cs_fa_portal")
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn("Carla CSM", home.text)
        self.assertIn(self.env.ref("customer_success_sla.tier_core").name, home.text)
        for url in ("/my/tickets", f"/my/ticket/{self.ticket.id}", "/help", "/my/account"):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 200)
