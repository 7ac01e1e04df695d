from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import health

CHURN_REASONS = [
    ("price", "Price"),
    ("product", "Product fit or missing features"),
    ("service", "Service quality"),
    ("competitor", "Moved to a competitor"),
    ("business", "Business closed or acquired"),
    ("other", "Other"),
]
# (tier interval field, account date field, activity plan)
REVIEWS = (
    ("inspection_interval_days", "cs_last_inspection_date", "customer_success_sla.plan_review_inspection"),
    ("business_review_interval_days", "cs_last_business_review_date", "customer_success_sla.plan_review_qbr"),
)


class ResPartner(models.Model):
    """Playbooks beyond onboarding: periodic reviews of mature accounts and
    the exit playbook of a churned one (the at-risk one follows the health
    check, see res_partner_health)."""

    _inherit = "res.partner"

    cs_last_inspection_date = fields.Date(string="Last Health Inspection", readonly=True, copy=False,
                                          groups="base.group_user")
    cs_last_business_review_date = fields.Date(string="Last Business Review", readonly=True, copy=False,
                                               groups="base.group_user")
    cs_churn_reason = fields.Selection(CHURN_REASONS, string="Churn Reason", tracking=True, copy=False,
                                       groups="base.group_user")
    cs_churn_note = fields.Text(string="Churn Details", copy=False, groups="base.group_user")
    cs_churn_date = fields.Date(string="Churned On", readonly=True, copy=False, groups="base.group_user")

    def write(self, vals):
        churning = self.browse()
        if vals.get("cs_lifecycle_stage") == "churned":
            churning = self.filtered(lambda p: p.cs_lifecycle_stage != "churned" and p.commercial_partner_id == p)
        res = super().write(vals)
        if churning:
            churning._cs_start_exit_playbook()
        return res

    def _cs_start_exit_playbook(self):
        """Exit playbook (data export, account closure, exit survey) for
        the CSM; an open at-risk episode ends with the account."""
        super(ResPartner, self).write({
            "cs_churn_date": fields.Date.context_today(self), "cs_risk_episode": False,
            "cs_risk_episode_date": False, "cs_pre_risk_stage": False,
        })
        plan = self.env.ref("customer_success_sla.plan_exit", raise_if_not_found=False)
        if plan:
            self._cs_launch_plan(plan)

    def action_cs_mark_churned(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark as Churned"),
            "res_model": "cs.churn.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }

    @api.model
    def _cs_review_due_domains(self, today):
        """(interval field, date field, plan, domain of the due accounts) per review kind."""
        tiers = self.env["cs.tier"].sudo().search([])
        result = []
        for interval_field, date_field, plan_xmlid in REVIEWS:
            plan = self.env.ref(plan_xmlid, raise_if_not_found=False)
            per_tier = [
                Domain("cs_tier_id", "=", tier.id)
                & (Domain(date_field, "=", False) | Domain(date_field, "<=", today - timedelta(days=tier[interval_field])))
                for tier in tiers if tier[interval_field] > 0
            ]
            if plan and per_tier:
                result.append((interval_field, date_field, plan,
                               self._cs_account_domain() & Domain("cs_lifecycle_stage", "=", "mature")
                               & Domain.OR(per_tier)))
        return result

    @api.model
    def _cron_schedule_reviews(self, batch_size=500):
        """Launch the periodic review playbooks of mature accounts whose
        tier interval has elapsed, in batches that commit; a launched account
        carries today's date and no longer matches."""
        today = fields.Date.context_today(self)
        cron = self.env["ir.cron"]
        left = 0
        for interval_field, date_field, plan, domain in self._cs_review_due_domains(today):
            def launch(accounts, interval_field=interval_field, date_field=date_field, plan=plan):
                locked = self.env["cs.cron.batch"]._cs_lock_accounts(accounts)
                if locked is None:
                    return None
                due = locked.filtered(lambda a: health.check_due(today, a[date_field], a.cs_tier_id[interval_field]))
                due._cs_launch_plan(plan)
                due.write({date_field: today})
                return locked

            left += self.env["cs.cron.batch"]._cs_process(self, domain, launch, batch_size)
        cron._commit_progress(remaining=left)
