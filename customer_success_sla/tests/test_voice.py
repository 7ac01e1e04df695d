from datetime import date, timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
class TestVoiceOfCustomer(CustomerSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cs.sla.policy"].search([]).active = False
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.account = cls._company("Rated Co", cs_tier_id=cls.tier_core.id, cs_csm_user_id=cls.csm_a.id)
        cls.contact = cls.Partner.create(
            {"name": "Rita", "parent_id": cls.account.id, "email": "rita@rated.example.com", "cs_admin_contact": True}
        )
        cls.survey = cls.env.ref("customer_success_sla.survey_nps")
        cls.score_question = cls.env.ref("customer_success_sla.survey_nps_question_score")
        cls.reason_question = cls.env.ref("customer_success_sla.survey_nps_question_reason")

    def _requests(self, ticket):
        return ticket.rating_ids

    def _close(self, ticket):
        ticket.stage_id = self.stage_done

    # -- CSAT ---------------------------------------------------------------

    def test_one_rating_request_per_closing(self):
        ticket = self._ticket(self.contact)
        self._close(ticket)
        ticket.write({"stage_id": self.stage_done.id})  # written again: same closing
        self.assertEqual(len(self._requests(ticket)), 1)
        ticket.stage_id = self.stage_new  # reopened
        self._close(ticket)
        self.assertEqual(ticket.cs_rating_requested_closing, 2)
        request_mails = ticket.message_ids.filtered(lambda m: "/rate/" in (m.body or ""))
        self.assertEqual(len(request_mails), 2, "one request for each of the two closings")

    def test_no_request_for_duplicates_or_teams_without_ratings(self):
        original = self._ticket(self.contact)
        duplicate = self._ticket(self.contact, duplicate_id=original.id)
        self._close(duplicate)
        self.assertFalse(duplicate.cs_rating_requested_closing)
        team = self.env["helpdesk.ticket.team"].create({"name": "No ratings", "cs_rating_enabled": False})
        quiet = self._ticket(self.contact, team_id=team.id)
        self._close(quiet)
        self.assertFalse(quiet.cs_rating_requested_closing)

    def test_rating_link_used_twice_replaces_the_first_answer(self):
        ticket = self._ticket(self.contact)
        self._close(ticket)
        token = ticket._rating_get_access_token()
        ticket.rating_apply(5, token=token, feedback="Great")
        ticket.rating_apply(3, token=token, feedback="Actually okay")
        ratings = ticket.rating_ids.filtered("consumed")
        self.assertEqual(len(ratings), 1)
        self.assertEqual((ratings.rating, ratings.feedback), (3, "Actually okay"))
        self.assertEqual(self.account.cs_csat_avg, 3.0)

    def test_score_outside_the_scale_is_refused(self):
        ticket = self._ticket(self.contact)
        token = ticket._rating_get_access_token()
        for rate in (0, 7):
            with self.subTest(rate=rate), self.assertRaisesRegex(ValidationError, "from 1"):
                ticket.rating_apply(rate, token=token)

    @freeze_time("2026-03-27 15:00:00")  # Friday 16:00 in Brussels
    def test_unhappy_rating_opens_one_follow_up_due_next_working_day(self):
        self.tier_core.resource_calendar_id.tz = "Europe/Brussels"
        ticket = self._ticket(self.contact)
        self._close(ticket)
        token = ticket._rating_get_access_token()
        ticket.rating_apply(1, token=token, feedback="Slow answers")
        ticket.rating_apply(1, token=token, feedback="Still slow")
        entry = self.env["cs.voc.entry"].search([("partner_id", "=", self.account.id)])
        self.assertEqual(len(entry), 1, "once per rating")
        self.assertEqual((entry.source, entry.score, entry.csm_user_id), ("csat", 1, self.csm_a))
        activity = entry.activity_ids
        self.assertEqual(activity.user_id, self.csm_a)
        # one working day (11 h of 08:00-20:00 with lunch) after Friday 16:00 is Monday
        self.assertEqual(activity.date_deadline, date(2026, 3, 30))
        self.assertIn("Slow answers", activity.note)

    def test_happy_rating_opens_no_follow_up(self):
        ticket = self._ticket(self.contact)
        ticket.rating_apply(5, token=ticket._rating_get_access_token())
        self.assertFalse(self.env["cs.voc.entry"].search([("partner_id", "=", self.account.id)]))

    def test_closing_a_follow_up_records_the_outcome(self):
        ticket = self._ticket(self.contact)
        ticket.rating_apply(1, token=ticket._rating_get_access_token())
        entry = self.env["cs.voc.entry"].search([("partner_id", "=", self.account.id)])
        entry.outcome = "Called, fixed the export, customer happy again."
        entry.action_close()
        self.assertEqual(entry.state, "done")
        self.assertTrue(entry.date_closed)
        self.assertFalse(entry.activity_ids)

    def test_portal_user_cannot_rate_another_customers_ticket(self):
        other = self._company("Other Co", cs_tier_id=self.tier_core.id)
        other_contact = self.Partner.create({"name": "Otto", "parent_id": other.id})
        portal = new_test_user(self.env, login="cs_portal_rater", groups="base.group_portal",
                               partner_id=other_contact.id)
        ticket = self._ticket(self.contact)
        ticket.rating_apply(4, token=ticket._rating_get_access_token())
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            self.env["rating.rating"].with_user(portal).search([("res_id", "=", ticket.id)])
        with self.assertRaises(AccessError):
            ticket.with_user(portal).rating_apply(1, token=ticket._rating_get_access_token())

    # -- NPS ----------------------------------------------------------------

    def _answer(self, account, score, reason="", contact=None):
        answer = self.env["survey.user_input"].create(
            {"survey_id": self.survey.id, "partner_id": (contact or account).id, "cs_account_id": account.id}
        )
        answer._save_lines(self.score_question, str(score))
        if reason:
            answer._save_lines(self.reason_question, reason)
        answer._mark_done()
        return answer

    def test_nps_of_a_known_answer_set(self):
        for score in [9, 10, 9, 10, 9, 7, 8, 7, 3, 6]:
            self._answer(self.account, score)
        self.assertEqual(self.account.cs_nps, 30)
        self.assertEqual(self.account.cs_nps_count, 10)

    def test_detractor_answer_opens_a_follow_up_with_the_reason(self):
        answer = self._answer(self.account, 4, "Too many bugs", contact=self.contact)
        self.assertEqual(answer.cs_nps_category, "detractor")
        entry = self.env["cs.voc.entry"].search([("user_input_id", "=", answer.id)])
        self.assertEqual((entry.source, entry.score, entry.comment), ("nps", 4, "Too many bugs"))

    def _invite(self):
        with patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.Partner._cron_send_nps_invitations()

    def _invitations(self, account):
        return self.env["survey.user_input"].search([("cs_account_id", "=", account.id)])

    def test_invitations_follow_cadence_tier_and_lifecycle(self):
        onboarding = self._company("Onboarding Co", cs_tier_id=self.tier_standard.id, cs_lifecycle_stage="onboarding",
                                   cs_go_live_date="2026-01-01", email="boss@onboarding.example.com")
        churned = self._company("Gone Co", cs_lifecycle_stage="churned", email="x@gone.example.com")
        self.account.write({"cs_lifecycle_stage": "adoption", "cs_go_live_date": "2025-12-01"})
        with freeze_time("2026-01-06"):
            self._invite()
        self.assertFalse(self._invitations(onboarding), "not before the end of onboarding")
        self.assertEqual(self._invitations(self.account).partner_id, self.contact, "main contact invited")
        with freeze_time("2026-01-07"):
            self._invite()
            self._invite()
        self.assertEqual(len(self._invitations(onboarding)), 1, "end of onboarding, once")
        self.assertEqual(len(self._invitations(self.account)), 1, "never twice in one period")
        self.assertFalse(self._invitations(churned))
        with freeze_time("2026-04-06"):
            self._invite()
        self.assertEqual(len(self._invitations(self.account)), 2, "90 days later")

    def test_tier_specific_cadence(self):
        self.env["cs.nps.cadence"].search([("lifecycle_stage", "=", "mature")]).tier_ids = self.tier_vip
        mature = self._company("Mature Core", cs_tier_id=self.tier_core.id, cs_lifecycle_stage="mature",
                               email="m@mature.example.com")
        with freeze_time("2026-02-01"):
            self._invite()
        self.assertFalse(self._invitations(mature), "mature cadence now only for VIP")

    def test_contact_without_email_is_skipped_and_noted(self):
        silent = self._company("Silent Co", cs_lifecycle_stage="mature")
        self.Partner.create({"name": "No Mail", "parent_id": silent.id, "cs_admin_contact": True})
        loud = self._company("Loud Co", cs_lifecycle_stage="mature", email="loud@loud.example.com")
        self._invite()
        self.assertFalse(self._invitations(silent))
        self.assertIn("no main contact with an email", silent.message_ids[0].body)
        self.assertTrue(self._invitations(loud), "the batch goes on")

    def test_invitation_batches_cost_the_same_for_more_accounts(self):
        def queries(count):
            accounts = self.Partner.create([
                {"name": f"Bulk {index}", "is_company": True, "cs_lifecycle_stage": "mature",
                 "email": f"bulk{index}@bulk{count}.example.com"} for index in range(count)
            ])
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            accounts._cs_send_nps_invitations(self.survey, fields.Date.today())
            self.env.flush_all()
            self.assertEqual(len(self.env["survey.user_input"].search([("cs_account_id", "in", accounts.ids)])), count)
            return self.cr.sql_log_count - before

        queries(2)
        small, large = queries(10), queries(40)
        # mails are generated per invitation by mail.template; the rest is per batch
        self.assertLess(large, small * 4, f"10 accounts: {small} queries, 40 accounts: {large}")

    def test_window_moves_daily(self):
        ticket = self._ticket(self.contact)
        rating = ticket.rating_apply(5, token=ticket._rating_get_access_token())
        self.assertEqual(self.account.cs_csat_avg, 5.0)
        self.env.flush_all()
        self.env.cr.execute("UPDATE rating_rating SET write_date = %s WHERE id = %s", ("2026-01-01", rating.id))
        self.env.invalidate_all()
        with freeze_time("2026-05-01"), patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.Partner._cron_update_voice_metrics()
        self.assertEqual(self.account.cs_csat_avg, 0.0, "older than 90 days")

    def test_report_has_csat_and_nps_rows(self):
        ticket = self._ticket(self.contact)
        ticket.rating_apply(5, token=ticket._rating_get_access_token(), feedback="Brilliant")
        self._answer(self.account, 10)
        self._answer(self.account, 0)
        self.env.flush_all()
        rows = self.env["cs.voice.report"].search([("partner_id", "=", self.account.id)])
        self.assertEqual(sorted(rows.mapped("source")), ["csat", "nps", "nps"])
        [(nps_value,)] = self.env["cs.voice.report"]._read_group(
            [("partner_id", "=", self.account.id), ("source", "=", "nps")], [], ["nps_value:avg"]
        )
        self.assertEqual(nps_value, 0, "one promoter, one detractor")
        self.assertEqual(self.env["cs.voice.report"].search([("comment", "ilike", "brilliant")]).ticket_id, ticket)
