from dateutil.relativedelta import relativedelta
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from ..engine import kpi
from .cs_agent_skill import SKILL_LEVEL_SELECTION


class CsAgentLevelThreshold(models.Model):
    """What an agent must achieve in a quarter to be recommended a level."""

    _name = "cs.agent.level.threshold"
    _description = "Agent Certification Threshold"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    level = fields.Selection(SKILL_LEVEL_SELECTION, required=True)
    min_solved = fields.Integer(string="Tickets Solved")
    min_sla_compliance = fields.Float(string="SLA Compliance (%)")
    min_csat = fields.Float(string="CSAT (1-5)")
    min_fcr_rate = fields.Float(string="First-Contact Resolution (%)")
    min_articles = fields.Integer(string="Articles Written")

    _level_unique = models.Constraint("UNIQUE(level)", "Each level has one set of thresholds.")

    @api.constrains("min_solved", "min_sla_compliance", "min_csat", "min_fcr_rate", "min_articles")
    def _check_minimums(self):
        for threshold in self:
            if (min(threshold.min_solved, threshold.min_articles, threshold.min_sla_compliance,
                    threshold.min_fcr_rate, threshold.min_csat) < 0
                    or threshold.min_sla_compliance > 100 or threshold.min_fcr_rate > 100 or threshold.min_csat > 5):
                raise ValidationError(self.env._(
                    "Certification thresholds are counts of zero or more, rates between 0 and 100 %% "
                    "and a CSAT between 0 and 5."
                ))

    @api.model
    def _cs_thresholds(self):
        order = [level for level, _label in SKILL_LEVEL_SELECTION]
        rows = sorted(self.sudo().search([]), key=lambda t: order.index(t.level))
        return [
            (row.level, {"solved": row.min_solved, "sla_compliance": row.min_sla_compliance, "csat": row.min_csat,
                         "fcr_rate": row.min_fcr_rate, "articles": row.min_articles})
            for row in rows
        ]


class CsAgentLevelReview(models.Model):
    """A quarter's recommended certification level for an agent; approving
    it sets the agent's skill levels, which routing uses."""

    _name = "cs.agent.level.review"
    _description = "Agent Certification Review"
    _inherit = ["mail.thread"]
    _order = "period_start desc, user_id"
    _rec_name = "user_id"

    user_id = fields.Many2one("res.users", string="Agent", required=True, index=True, ondelete="cascade")
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    solved = fields.Integer(string="Tickets Solved", readonly=True)
    sla_compliance = fields.Float(string="SLA Compliance (%)", readonly=True)
    csat = fields.Float(string="CSAT", readonly=True)
    fcr_rate = fields.Float(string="First-Contact Resolution (%)", readonly=True)
    articles = fields.Integer(string="Articles Written", readonly=True)
    current_level = fields.Selection(SKILL_LEVEL_SELECTION, readonly=True)
    recommended_level = fields.Selection(SKILL_LEVEL_SELECTION, tracking=True)
    state = fields.Selection(
        [("to_review", "To Review"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="to_review", required=True, tracking=True, index=True,
    )
    approved_by_id = fields.Many2one("res.users", string="Decided by", readonly=True)

    _agent_period_unique = models.Constraint(
        "UNIQUE(user_id, period_start)", "An agent has one certification review per quarter."
    )

    @api.model
    def _cs_quarter_before(self, today):
        start_of_quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        return start_of_quarter - relativedelta(months=3), start_of_quarter - relativedelta(days=1)

    @api.model
    def _cron_recommend_levels(self):
        """Each quarter: one review per agent for the quarter just ended,
        from one grouped read of the ticket analysis."""
        period_start, period_end = self._cs_quarter_before(fields.Date.context_today(self))
        # one run at a time makes the quarter's reviews; a concurrent run leaves at once
        if not self.env["cs.cron.batch"]._cs_try_job_lock("cs_recommend_levels"):
            return self.browse()
        agents = self.env.ref("customer_success_sla.group_cs_agent").sudo().all_user_ids.filtered(
            lambda user: user.active and not user.share
        )
        done = self.search([("period_start", "=", period_start)]).user_id
        agents -= done
        if not agents:
            return self.browse()
        Report = self.env["cs.ticket.report"].sudo()
        groups = Report._read_group(
            Domain("user_id", "in", agents.ids)
            & Domain("create_date", ">=", fields.Datetime.to_datetime(period_start))
            & Domain("create_date", "<", fields.Datetime.to_datetime(period_end + relativedelta(days=1))),
            ["user_id"],
            ["solved_count:sum", "fcr_count:sum", "sla_met_clocks:sum", "sla_breached_clocks:sum", "csat:avg"],
        )
        figures = {user: values for user, *values in groups}
        articles = self._cs_articles_written(agents, period_start, period_end)
        thresholds = self.env["cs.agent.level.threshold"]._cs_thresholds()
        order = [level for level, _label in SKILL_LEVEL_SELECTION]
        vals_list = []
        for agent in agents:
            solved, fcr, met, breached, csat = figures.get(agent, (0, 0, 0, 0, None))
            metrics = kpi.compute_kpis({"solved": solved, "fcr": fcr, "sla_met": met, "sla_breached": breached,
                                        "csat": csat})
            criteria = {"solved": solved, "sla_compliance": metrics["sla_compliance"], "csat": metrics["csat"],
                        "fcr_rate": metrics["fcr_rate"], "articles": articles.get(agent.id, 0)}
            levels = agent.cs_skill_ids.mapped("level")
            vals_list.append({
                "user_id": agent.id, "period_start": period_start, "period_end": period_end,
                "solved": solved, "sla_compliance": metrics["sla_compliance"] or 0.0, "csat": metrics["csat"] or 0.0,
                "fcr_rate": metrics["fcr_rate"] or 0.0, "articles": criteria["articles"],
                "current_level": max(levels, key=order.index) if levels else False,
                "recommended_level": kpi.recommend_level(criteria, thresholds) or False,
            })
        try:
            with self.env.cr.savepoint():
                return self.create(vals_list)
        except (errors.UniqueViolation, errors.SerializationFailure):
            # a concurrent run made this quarter's reviews first
            return self.browse()

    def action_compute_recommendations(self):
        """The quarterly job on demand (a list button: whatever the selected
        reviews): a review for the quarter just ended for every agent who has
        none yet; running it again adds nothing."""
        if not self.env.user.has_group("customer_success_sla.group_cs_manager"):
            raise AccessError(self.env._("Only customer success managers compute agent certifications."))
        Review = self.browse()
        period_start, period_end = Review._cs_quarter_before(fields.Date.context_today(self))
        reviews = Review._cron_recommend_levels()
        period = self.env._("%(start)s to %(end)s", start=format_date(self.env, period_start),
                            end=format_date(self.env, period_end))
        if reviews:
            message = self.env._("%(count)s recommendations made for %(period)s.", count=len(reviews), period=period)
        else:
            message = self.env._("Every agent already has a review for %(period)s: nothing to add.", period=period)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if reviews else "info",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cs_articles_written(self, agents, period_start, period_end):
        """Knowledge articles written per agent, once the knowledge base exists."""
        if "cs.knowledge.article" not in self.env:
            return {}
        groups = self.env["cs.knowledge.article"].sudo()._read_group(
            [("create_uid", "in", agents.ids), ("create_date", ">=", period_start),
             ("create_date", "<=", period_end)], ["create_uid"], ["__count"])
        return {user.id: count for user, count in groups}

    def action_approve(self):
        for review in self:
            if review.state != "to_review":
                raise UserError(self.env._("Only a review to decide can be approved."))
            if not review.recommended_level:
                raise UserError(self.env._("Choose the level to grant first."))
            # Routing reads these levels: the approved level becomes the agent's on every skill.
            review.user_id.cs_skill_ids.sudo().write({"level": review.recommended_level})
        self.write({"state": "approved", "approved_by_id": self.env.user.id})

    def action_reject(self):
        self.filtered(lambda r: r.state == "to_review").write({"state": "rejected", "approved_by_id": self.env.user.id})
