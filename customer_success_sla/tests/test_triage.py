import json
from pathlib import Path

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerSuccessCase

DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "triage_tickets.jsonl"
UPSET = "你们的系统又崩了，太让人失望了，再这样我们就不续约了"


def load_rows(limit):
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    return rows[:limit]


class TriageCase(CustomerSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cs.sla.policy"].search([]).active = False
        cls.env.company.helpdesk_mgmt_ticket_auto_assign = False
        cls.closed_stage = cls.env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
        cls.customer = cls._company("Triage Customer", cs_tier_id=cls.tier_standard.id)

    @classmethod
    def _load_solved(cls, rows):
        """The shipped tickets as solved tickets of this database."""
        Category = cls.env["helpdesk.ticket.category"]
        Team = cls.env["helpdesk.ticket.team"]
        categories = {name: Category.create({"name": name}) for name in sorted({r["category"] for r in rows})}
        teams = {name: Team.create({"name": name, "cs_assignment_method": "off"})
                 for name in sorted({r["team"] for r in rows})}
        cls.Ticket.with_context(cs_no_triage=True, tracking_disable=True, mail_create_nolog=True).create([{
            "name": r["subject"], "description": r["description"], "partner_id": cls.customer.id,
            "category_id": categories[r["category"]].id, "team_id": teams[r["team"]].id,
            "priority": r["priority"], "stage_id": cls.closed_stage.id,
        } for r in rows])
        return categories, teams


@tagged("post_install", "-at_install")
class TestTriagePrediction(TriageCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.categories, cls.teams = cls._load_solved(load_rows(700))
        cls.model = cls.env["cs.triage.model"].create({"name": "Test triage"})
        cls.model.action_train()

    def _new(self, name, description, **values):
        return self.Ticket.create({"name": name, "description": description, "partner_id": self.customer.id,
                                   **values})

    def test_trained_model_switches_on_and_records_quality(self):
        self.assertTrue(self.model.active_model, self.model.off_reason)
        self.assertGreaterEqual(self.model.sample_count, 300)
        self.assertIn("category", self.model.enabled_fields)
        self.assertTrue(self.model.attachment_id)
        self.assertEqual(self.model.attachment_id.res_model, "cs.triage.model")
        self.assertGreater(self.model.size_bytes, 0)
        self.assertGreater(self.model.accuracy, 0.5)
        self.assertTrue(self.model.class_ids.filtered(lambda c: c.field == "category"))

    def test_clear_chinese_and_english_tickets_get_their_category(self):
        zh = self._new("甘特图里的任务依赖关系显示错乱", "<p>拖动甘特图的任务条后日期没有保存，里程碑也不显示了</p>")
        en = self._new("Invoice shows the wrong company name",
                       "<p>We were charged twice this month and the invoice has the wrong company name.</p>")
        self.assertEqual(zh.cs_predicted_category_id, self.categories["Gantt & Scheduling"])
        self.assertEqual(en.cs_predicted_category_id, self.categories["Billing & Licenses"])
        self.assertEqual(zh.cs_language, "zh")
        self.assertEqual(en.cs_language, "en")
        for ticket in zh | en:
            self.assertTrue(0 < ticket.cs_predicted_category_confidence <= 1)
            self.assertTrue(ticket.cs_predicted_team_id)
            if ticket.cs_predicted_category_confidence >= 0.8:
                self.assertEqual(ticket.category_id, ticket.cs_predicted_category_id)
                self.assertIn("category", ticket.cs_triage_applied)

    def test_batch_create_predicts_each_ticket(self):
        tickets = self.Ticket.create([
            {"name": "Webhook callbacks stopped firing", "description": "<p>Our webhooks do not fire.</p>",
             "partner_id": self.customer.id},
            {"name": "Dashboard will not load", "description": "<p>The dashboard stays blank.</p>",
             "partner_id": self.customer.id},
        ])
        self.assertEqual(tickets[0].cs_predicted_category_id, self.categories["Integrations & API"])
        self.assertEqual(tickets[1].cs_predicted_category_id, self.categories["Reports & Dashboards"])

    def test_low_confidence_is_only_suggested_then_accepted(self):
        self.env["ir.config_parameter"].sudo().set_param("customer_success_sla.triage_category_threshold", "1")
        ticket = self._new("Gantt chart problem", "<p>Task dependencies in the Gantt chart look scrambled.</p>")
        self.assertEqual(ticket.cs_predicted_category_id, self.categories["Gantt & Scheduling"])
        self.assertLess(ticket.cs_predicted_category_confidence, 1)
        self.assertFalse(ticket.category_id, "below the threshold: a suggestion only")
        self.assertNotIn("category", ticket.cs_triage_applied or "")
        ticket.action_cs_accept_category()
        self.assertEqual(ticket.category_id, self.categories["Gantt & Scheduling"])
        self.assertFalse(ticket.cs_triage_corrected)

    def test_customer_choice_is_kept(self):
        chosen = self.categories["Performance"]
        ticket = self._new("Invoice shows the wrong company name", "<p>Wrong company name on the invoice.</p>",
                           category_id=chosen.id)
        self.assertEqual(ticket.category_id, chosen)

    def test_agent_correction_is_recorded(self):
        ticket = self._new("Invoice shows the wrong company name",
                           "<p>We were charged twice and the invoice has the wrong company name.</p>")
        self.assertIn("category", ticket.cs_triage_applied)
        ticket.category_id = self.categories["Permissions & Roles"]
        self.assertEqual(ticket.cs_triage_corrected, "category")

    def test_empty_or_markup_only_text_gets_no_prediction(self):
        ticket = self._new("…", "<p><br/></p>&nbsp;")
        self.assertFalse(ticket.cs_predicted_category_id)
        self.assertFalse(ticket.cs_predicted_team_id)
        self.assertFalse(ticket.cs_predicted_priority)
        self.assertFalse(ticket.cs_language)
        self.assertFalse(ticket.cs_sentiment)

    def test_failed_model_load_still_creates_the_ticket(self):
        self.model.attachment_id.raw = b"not a joblib file"
        with self.assertLogs("odoo.addons.customer_success_sla.models.cs_triage_model", "WARNING"):
            ticket = self._new("Invoice shows the wrong company name", "<p>Wrong company name.</p>")
        self.assertTrue(ticket.exists())
        self.assertFalse(ticket.cs_predicted_category_id)
        self.assertFalse(self.model.active_model, "the unreadable model is discarded")
        self.assertTrue(self.model.off_reason)

    def test_agents_read_managers_train(self):
        from odoo.exceptions import AccessError

        self.assertTrue(self.model.with_user(self.agent).read(["accuracy", "sample_count"]))
        with self.assertRaises(AccessError):
            self.model.with_user(self.agent).action_train()


@tagged("post_install", "-at_install")
class TestTriageEligibility(TriageCase):
    def test_small_database_stays_off(self):
        self._load_solved(load_rows(60))
        model = self.env["cs.triage.model"].create({})
        model.action_train()
        self.assertLess(model.sample_count, 300)
        self.assertFalse(model.active_model)
        self.assertIn("300", model.off_reason)
        ticket = self._ticket(self.customer, name="Invoice shows the wrong company name")
        self.assertFalse(ticket.cs_triage_applied)
        settings = self.env["res.config.settings"].create({})
        self.assertIn("300", settings.cs_triage_status)

    def test_threshold_outside_zero_one_is_refused(self):
        Parameter = self.env["ir.config_parameter"].sudo()
        for value in ("1.5", "-0.1", "high"):
            with self.assertRaises(ValidationError):
                Parameter.set_param("customer_success_sla.triage_team_threshold", value)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"cs_triage_category_threshold": 1.2})
        Parameter.set_param("customer_success_sla.triage_team_threshold", "0.65")
        self.assertEqual(self.env["cs.triage.model"]._cs_thresholds()["team"], 0.65)


@tagged("post_install", "-at_install")
class TestTriageSentiment(TriageCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["helpdesk.ticket.category"].create({"name": "Platform"})
        make = lambda login: new_test_user(cls.env, login=login, groups="customer_success_sla.group_cs_agent")  # noqa: E731
        cls.plain_a, cls.plain_b, cls.calm = make("cs_plain_a"), make("cs_plain_b"), make("cs_calm")
        for user in cls.plain_a | cls.plain_b | cls.calm:
            cls.env["cs.agent.skill"].create({"user_id": user.id, "category_id": cls.category.id, "level": "senior"})
        cls.env["cs.agent.skill"].create({"user_id": cls.calm.id, "de_escalation": True})
        cls.team = cls.env["helpdesk.ticket.team"].create({
            "name": "Emotion team", "user_id": cls.plain_a.id,
            "user_ids": [Command.set((cls.plain_a | cls.plain_b | cls.calm).ids)]})
        # the calm agent already has the heaviest load: only the mood sends tickets to them
        cls._ticket(cls.customer, team_id=cls.team.id, user_id=cls.calm.id, priority="3")

    def _new(self, description, partner=None, **values):
        return self._ticket(partner or self.customer, team_id=self.team.id, category_id=self.category.id,
                            description=f"<p>{description}</p>", **values)

    def test_upset_chinese_message_is_very_negative_and_goes_to_de_escalation(self):
        ticket = self._new(UPSET)
        self.assertEqual(ticket.cs_sentiment, "very_negative")
        self.assertLess(ticket.cs_sentiment_score, -0.6)
        self.assertEqual(ticket.user_id, self.calm)
        neutral = self._new("请问如何导出甘特图")
        self.assertEqual(neutral.cs_sentiment, "neutral")
        self.assertNotEqual(neutral.user_id, self.calm, "a calm customer goes by load as before")

    def test_switched_off_team_routes_by_load(self):
        self.team.cs_emotion_routing = False
        ticket = self._new(UPSET)
        self.assertEqual(ticket.cs_sentiment, "very_negative")
        self.assertNotEqual(ticket.user_id, self.calm)

    def test_customer_messages_update_sentiment_and_trend(self):
        contact = self.Partner.create({"name": "Li Lei", "parent_id": self.customer.id, "email": "li@example.com"})
        ticket = self._new("Export of the Gantt chart, how does it work?", partner=contact)
        self.assertEqual(ticket.cs_sentiment, "neutral")
        message = ticket.message_post(body="Still broken after a week. This is unacceptable, we are furious.",
                                      author_id=contact.id, message_type="comment",
                                      subtype_xmlid="mail.mt_comment")
        self.assertLess(message.cs_sentiment_score, -0.2)
        self.assertIn(ticket.cs_sentiment, ("negative", "very_negative"))
        self.assertLess(ticket.cs_sentiment_trend, 0)
        note = ticket.message_post(body="Internal: customer is angry", author_id=self.plain_a.partner_id.id,
                                   message_type="comment", subtype_xmlid="mail.mt_note")
        self.assertFalse(note.cs_sentiment_score, "agents' notes are not the customer's mood")
        upset = self.Ticket.search([("id", "=", ticket.id), ("cs_sentiment", "in", ("very_negative", "negative"))])
        self.assertEqual(upset, ticket, "the Upset Customers filter finds it")
        report = self.env["cs.ticket.report"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(report.upset_count, 1)

    def test_very_negative_vip_ticket_raised_once_and_csm_told(self):
        vip = self._company("VIP Account", cs_tier_id=self.tier_vip.id, cs_csm_user_id=self.csm_a.id)
        contact = self.Partner.create({"name": "Wang", "parent_id": vip.id})
        ticket = self._ticket(contact, team_id=self.team.id, category_id=self.category.id, priority="1",
                              description="<p>导出报表的时候页面没反应</p>")
        self.assertEqual(ticket.priority, "1")
        ticket.message_post(body=UPSET, author_id=contact.id, message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertEqual(ticket.priority, "2")
        self.assertTrue(ticket.cs_sentiment_raised)
        activity = ticket.activity_ids.filtered(lambda a: a.user_id == self.csm_a)
        self.assertEqual(len(activity), 1)
        ticket.message_post(body=UPSET, author_id=contact.id, message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertEqual(ticket.priority, "2", "raised once")

    def test_negative_share_is_a_health_signal(self):
        contact = self.Partner.create({"name": "Zhang", "parent_id": self.customer.id})
        ticket = self._new("Question", partner=contact)
        for body in (UPSET, "谢谢，问题解决了，非常满意", "Your system crashed again, unacceptable."):
            ticket.message_post(body=body, author_id=contact.id, message_type="comment",
                                subtype_xmlid="mail.mt_comment")
        signals = self.customer._cs_health_signals(
            __import__("datetime").date.today(), {self.customer.id: 10})
        # the description is no message; three customer messages, two negative
        self.assertAlmostEqual(signals[self.customer.id]["negative_messages"], 66.67, places=1)
        other = self._company("Quiet Account")
        self.assertIsNone(other._cs_health_signals(__import__("datetime").date.today(),
                                                   {other.id: 10})[other.id]["negative_messages"])
        line = self.env.ref("customer_success_sla.health_profile_line_negative_messages")
        self.assertEqual(line.signal, "negative_messages")


@tagged("post_install", "-at_install")
class TestTriageViews(CustomerSuccessCase):
    def test_triage_elements_are_shown_only_to_those_who_read_the_fields(self):
        """The triage fields are internal: the page, badges and Accept buttons
        that use them carry the same group, or Odoo logs an access-rights
        inconsistency on every install and upgrade."""
        views = self.env["ir.ui.view"].search([("model", "=", "helpdesk.ticket"), ("name", "ilike", "triage")])
        self.assertTrue(views)
        with self.assertNoLogs("odoo.addons.base.models.ir_ui_view", level="WARNING"):
            views._check_xml()
