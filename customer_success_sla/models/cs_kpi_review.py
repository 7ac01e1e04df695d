import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import health

REPEAT_WINDOW_DAYS = 30
RETRY_HOURS = 1

_logger = logging.getLogger(__name__)


class CsKpiDashboard(models.TransientModel):
    """The monthly trend review: the board of last month, with the material
    a review meeting needs, mailed as a PDF to the managers."""

    _inherit = "cs.kpi.dashboard"

    def _cs_period_ticket_domain(self):
        return self._cs_filter_domain() & self._cs_period_domain(self.date_from, self.date_to)

    def _cs_review_top_categories(self, limit=5):
        groups = self.env["helpdesk.ticket"].sudo()._read_group(
            self._cs_period_ticket_domain() & Domain("category_id", "!=", False),
            ["category_id"], ["__count"], order="__count desc", limit=limit,
        )
        return [(category.display_name, count) for category, count in groups]

    def _cs_review_repeat_problems(self, limit=10):
        """Accounts that opened several tickets of one category within 30 days."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT account.name, category.name, COUNT(DISTINCT later.id)
              FROM helpdesk_ticket earlier
              JOIN helpdesk_ticket later ON later.commercial_partner_id = earlier.commercial_partner_id
                   AND later.category_id = earlier.category_id
                   AND (later.create_date, later.id) > (earlier.create_date, earlier.id)
                   AND later.create_date <= earlier.create_date + %(window)s * interval '1 day'
              JOIN res_partner account ON account.id = later.commercial_partner_id
              JOIN helpdesk_ticket_category category ON category.id = later.category_id
             WHERE later.create_date >= %(start)s AND later.create_date < %(stop)s AND later.active
          GROUP BY account.name, category.name
          ORDER BY 3 DESC, 1 LIMIT %(limit)s
            """,
            {"window": REPEAT_WINDOW_DAYS, "start": self.date_from, "stop": self.date_to + relativedelta(days=1),
             "limit": limit},
        )
        return [(account, category.get(self.env.lang, category.get("en_US")) if isinstance(category, dict) else category, count)
                for account, category, count in self.env.cr.fetchall()]

    def _cs_review_categories_without_article(self, limit=10):
        """Categories with tickets in the period and no helpful published
        article (from the knowledge base, when it is installed)."""
        if "cs.knowledge.article" not in self.env:
            return None
        covered = self.env["cs.knowledge.article"].sudo().search(
            [("state", "=", "published"), ("helpful_count", ">", 0)]).category_ids
        groups = self.env["helpdesk.ticket"].sudo()._read_group(
            self._cs_period_ticket_domain() & Domain("category_id", "not in", covered.ids)
            & Domain("category_id", "!=", False),
            ["category_id"], ["__count"], order="__count desc", limit=limit,
        )
        return [(category.display_name, count) for category, count in groups]

    def _cs_review_problem_measures(self):
        """The board's problem measures (see ``_cs_problem_figures``)."""
        return self._cs_problem_figures(self._cs_filter_domain(), self.date_from, self.date_to)

    def _cs_review_top_problems(self, limit=10):
        """The problems opened in the period with the most linked tickets:
        ``[(name, tickets, accounts, hours to resolve or None)]``."""
        problem_domain = self._cs_problem_domain(self._cs_filter_domain(), self.date_from, self.date_to)
        groups = self.env["helpdesk.ticket"].sudo()._read_group(
            self._cs_filter_domain() & Domain("cs_problem_id", "any", problem_domain),
            ["cs_problem_id"], ["__count", "commercial_partner_id:count_distinct"],
            order="__count desc, cs_problem_id", limit=limit,
        )
        problems = self.env["cs.problem"].sudo().union(*(problem for problem, _count, _accounts in groups))
        problems.fetch(["name", "resolved_date", "resolve_hours"])
        return [(problem.name, count, accounts, problem.resolve_hours if problem.resolved_date else None)
                for problem, count, accounts in groups]

    def _cs_review_detractor_comments(self, limit=20):
        rows = self.env["cs.voice.report"].sudo().search_fetch(
            Domain("date", ">=", fields.Datetime.to_datetime(self.date_from))
            & Domain("date", "<", fields.Datetime.to_datetime(self.date_to + relativedelta(days=1)))
            & Domain("comment", "!=", False)
            & (Domain("nps_category", "=", "detractor")
               | (Domain("source", "=", "csat") & Domain("csat", ">=", 1) & Domain("csat", "<=", 2))),
            ["partner_id", "source", "csat", "nps_score", "comment"], limit=limit, order="date desc",
        )
        return [(row.partner_id.display_name, row.source, row.csat if row.source == "csat" else row.nps_score,
                 row.comment) for row in rows]

    @api.model
    def _cs_last_month(self, today=None):
        return health.report_period(today or fields.Date.context_today(self), "monthly")

    @api.model
    def _cron_send_monthly_review(self):
        """On the first of the month: last month's review, as a PDF, to every
        customer success manager and administrator with an email. Once per
        month whatever the runs and workers: the run that claims the month's
        row makes the PDF and the mail, in the same transaction. A failure
        (PDF engine, data) is logged and the month tried again an hour later:
        the job itself does not fail."""
        date_from, date_to = self._cs_last_month()
        if not self.env["cs.cron.batch"]._cs_try_job_lock("cs_monthly_review"):
            return  # another worker is making it
        try:
            with self.env.cr.savepoint():
                self._cs_make_monthly_review(date_from, date_to)
        except Exception:  # noqa: BLE001 - logged, the month left unclaimed, tried again in an hour
            _logger.exception("The service review of %s could not be made; trying again in an hour.", date_from)
            self.env.ref("customer_success_sla.ir_cron_monthly_review").sudo()._trigger(
                fields.Datetime.now() + relativedelta(hours=RETRY_HOURS))

    @api.model
    def _cs_make_monthly_review(self, date_from, date_to):
        """Claim the month, make its PDF and mail it (nothing when another
        run has claimed it)."""
        review = self.env["cs.kpi.monthly.review"].sudo()._cs_claim(date_from)
        if not review:
            return
        board = self.create({"date_from": date_from, "date_to": date_to})
        report = self.env.ref("customer_success_sla.action_report_cs_monthly_review")
        content, _type = self.env["ir.actions.report"]._render_qweb_pdf(report, board.ids)
        managers = self.env.ref("customer_success_sla.group_cs_manager").sudo().all_user_ids.filtered(
            lambda user: user.active and user.email and not user.share
        )
        if not managers:
            return
        name = self.env._("Service review %(month)s", month=date_from.strftime("%Y-%m"))
        attachment = self.env["ir.attachment"].sudo().create({
            "name": f"{name}.pdf", "raw": content, "mimetype": "application/pdf",
            "res_model": "cs.kpi.dashboard", "res_id": board.id,
        })
        review.mail_id = self.env["mail.mail"].sudo().create({
            "subject": name,
            "body_html": self.env._("<p>The service review of last month is attached.</p>"),
            "recipient_ids": [fields.Command.set(managers.partner_id.ids)],
            "attachment_ids": [fields.Command.link(attachment.id)],
            "auto_delete": False,
        })
