from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .sla_common import SlaCase


class KpiCase(SlaCase):
    """Four tickets on Monday 30 March 2026 (Brussels business hours, first
    response in 1 h, resolution in 4 h), whose KPIs are worked out by hand."""

    def _reply(self, ticket, when):
        with freeze_time(when):
            ticket.with_user(self.agent).message_post(body="Answer", message_type="comment",
                                                      subtype_xmlid="mail.mt_comment")

    def _stage(self, ticket, stage, when):
        with freeze_time(when):
            ticket.stage_id = stage

    def _rate(self, ticket, score):
        ticket.rating_apply(score, token=ticket._rating_get_access_token())

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.helpdesk_mgmt_ticket_auto_assign = False

    def _build(self):
        with freeze_time("2026-03-30 07:00:00"):  # Monday 09:00 in Brussels
            t1, t2, t3, t4 = (self._ticket(self.contact_be, name=f"KPI {i}") for i in range(1, 5))
        # T1: one reply after 30 min, solved after 1 h: first-contact resolution
        self._reply(t1, "2026-03-30 07:30:00")
        self._stage(t1, self.stage_done, "2026-03-30 08:00:00")
        # T2: two replies, solved after 2 h
        self._reply(t2, "2026-03-30 08:00:00")
        self._reply(t2, "2026-03-30 08:30:00")
        self._stage(t2, self.stage_done, "2026-03-30 09:00:00")
        # T3: one reply after 15 min, solved after 45 min, reopened, solved again 1 h later
        self._reply(t3, "2026-03-30 07:15:00")
        self._stage(t3, self.stage_done, "2026-03-30 07:45:00")
        self._stage(t3, self.stage_progress, "2026-03-30 08:00:00")
        self._stage(t3, self.stage_done, "2026-03-30 09:00:00")
        # T4: never answered; the sweep at 11:00 breaches its first response
        with freeze_time("2026-03-30 09:00:00"):
            self._sweep()
        self._rate(t1, 5)
        self._rate(t2, 3)
        self._rate(t3, 1)
        self.env.flush_all()
        return t1, t2, t3, t4


@tagged("post_install", "-at_install")
class TestServiceKpis(KpiCase):
    def _board(self, **values):
        today = fields.Date.context_today(self.env.user)
        return self.env["cs.kpi.dashboard"].create(
            {"date_from": today - timedelta(days=1), "date_to": today + timedelta(days=1), **values}
        )

    def _values(self, board):
        return {line.code: (line.value if line.has_value else None) for line in board.line_ids}

    def test_every_kpi_on_hand_built_tickets(self):
        t1, _t2, t3, t4 = self._build()
        report = self.env["cs.ticket.report"].search([("ticket_id", "in", (t1 | t3 | t4).ids)])
        by_ticket = {row.ticket_id: row for row in report}
        self.assertTrue(by_ticket[t1].is_fcr)
        self.assertFalse(by_ticket[t3].is_fcr)
        self.assertTrue(by_ticket[t3].is_reopened)
        self.assertAlmostEqual(by_ticket[t3].resolution_hours, 1.75)
        self.assertTrue(by_ticket[t4].sla_breached)
        values = self._values(self._board(team_id=False, cs_tier_id=self.tier_be.id))
        self.assertEqual(values["first_response_minutes"], 35.0)  # (30 + 60 + 15) / 3
        self.assertEqual(values["fcr_rate"], 33.33)  # 1 of 3 solved
        self.assertEqual(values["repeat_rate"], 33.33)  # 1 of 3 solved
        self.assertEqual(values["csat"], 3.0)  # (5 + 3 + 1) / 3
        self.assertEqual(values["resolution_hours"], 1.58)  # (1 + 2 + 1.75) / 3
        self.assertEqual(values["sla_compliance"], 87.5)  # 7 targets met, T4's first response breached
        self.assertEqual(values["backlog"], 1)

    def test_off_target_kpis_are_flagged(self):
        self._build()
        board = self._board(cs_tier_id=self.tier_be.id)
        status = {line.code: line.status for line in board.line_ids}
        self.assertEqual(status["first_response_minutes"], "off")  # 35 > 30
        self.assertEqual(status["csat"], "off")  # 3.0 < 4.2
        self.assertEqual(status["backlog"], "on")

    def test_period_and_filters(self):
        self._build()
        empty = self._board(cs_tier_id=self.tier_cn.id)
        self.assertTrue(empty.no_data)
        self.assertIsNone(self._values(empty)["fcr_rate"], "no data, not zero")
        earlier = self.env["cs.kpi.dashboard"].create({"date_from": "2020-01-01", "date_to": "2020-01-31",
                                                       "cs_tier_id": self.tier_be.id})
        self.assertTrue(earlier.no_data)
        board = self._board(cs_tier_id=self.tier_be.id)
        previous = {line.code: line.has_previous for line in board.line_ids}
        self.assertFalse(previous["fcr_rate"], "nothing in the previous period")
        self.assertFalse(previous["first_response_minutes"], "an average of nothing is no data")

    def test_targets_with_the_wrong_sign_are_refused(self):
        target = self.env.ref("customer_success_sla.kpi_target_first_response")
        with self.assertRaises(ValidationError):
            target.target = -10
        with self.assertRaises(ValidationError):
            self.env.ref("customer_success_sla.kpi_target_fcr").target = 150
        with self.assertRaises(ValidationError):
            self.env.ref("customer_success_sla.kpi_target_csat").target = 0


@tagged("post_install", "-at_install")
class TestMonthlyReview(SlaCase):
    def test_review_of_last_month_is_mailed_to_managers(self):
        from datetime import date

        from dateutil.relativedelta import relativedelta

        category = self.env["helpdesk.ticket.category"].create({"name": "Printing"})
        first, second = (self._ticket(self.contact_be, category_id=category.id, name=f"Printer {i}") for i in (1, 2))
        second.rating_apply(1, token=second._rating_get_access_token(), feedback="The printer still jams")
        first.rating_apply(5, token=first._rating_get_access_token(), feedback="Lovely printer support")
        self.env.flush_all()
        # tickets are stamped with the database clock: review the month they were created in
        next_month = date.today().replace(day=1) + relativedelta(months=1)
        with freeze_time(next_month):
            self.env["cs.kpi.dashboard"]._cron_send_monthly_review()
        mail = self.env["mail.mail"].search([("subject", "like", "Service review")], order="id desc", limit=1)
        self.assertIn(self.csm_a.partner_id, mail.recipient_ids)
        self.assertEqual(len(mail.attachment_ids), 1)
        board = self.env["cs.kpi.dashboard"].browse(mail.attachment_ids.res_id)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "customer_success_sla.action_report_cs_monthly_review", board.ids
        )
        html = html.decode()
        for expected in ("Key figures", "First-Contact Resolution", "Printing", "The printer still jams",
                         "Brussels Customer"):
            self.assertIn(expected, html)
        self.assertNotIn("Lovely printer support", html, "only unhappy comments")
        self.assertIn("no helpful article", html)
        self.assertIn(("Printing", 2), board._cs_review_categories_without_article())
        self.assertEqual(board._cs_review_repeat_problems(), [("Brussels Customer", "Printing", 1)])
        article = self.env["cs.knowledge.article"].create({
            "name": "Printer jams", "body": "<p>Open tray 2 and remove the paper.</p>",
            "category_ids": [Command.link(category.id)],
        })
        article.action_publish()
        self.env["cs.knowledge.vote"]._cs_vote(article, True, partner=self.contact_be)
        self.assertNotIn("Printing", dict(board._cs_review_categories_without_article()),
                         "a helpful published article covers the category")


@tagged("post_install", "-at_install")
class TestAgentLevels(SlaCase):
    def test_quarterly_review_recommends_and_approval_updates_routing_skills(self):
        from datetime import date

        from dateutil.relativedelta import relativedelta

        category = self.env["helpdesk.ticket.category"].create({"name": "Accounts"})
        skill = self.env["cs.agent.skill"].create({"user_id": self.agent.id, "category_id": category.id, "level": "junior"})
        self.env.ref("customer_success_sla.level_threshold_intermediate").write(
            {"min_solved": 2, "min_sla_compliance": 50, "min_csat": 0, "min_fcr_rate": 0})
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        for index in range(2):
            self._ticket(self.contact_be, name=f"Solved {index}", user_id=self.agent.id).stage_id = done
        self.env["cs.knowledge.article"].with_user(self.agent).create(
            {"name": "Resetting an account", "body": "<p>Steps</p>"})
        self.env.flush_all()
        # tickets carry the database clock: run the review in the next quarter
        today = date.today()
        next_quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1) + relativedelta(months=3)
        Review = self.env["cs.agent.level.review"]
        with freeze_time(next_quarter):
            reviews = Review._cron_recommend_levels()
            self.assertFalse(Review._cron_recommend_levels(), "one review per agent and quarter")
        review = reviews.filtered(lambda r: r.user_id == self.agent)
        self.assertEqual((review.solved, review.current_level, review.recommended_level), (2, "junior", "intermediate"))
        self.assertEqual(review.articles, 1, "the knowledge articles the agent wrote that quarter")
        review.action_approve()
        self.assertEqual(skill.level, "intermediate", "routing now sees the approved level")
        self.assertEqual(review.state, "approved")

    def test_thresholds_out_of_range_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env.ref("customer_success_sla.level_threshold_senior").min_sla_compliance = 120
