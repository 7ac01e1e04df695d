import logging

from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import csm_assignment, lifecycle
from ..engine.settings import parse_setting

_logger = logging.getLogger(__name__)

LIFECYCLE_SELECTION = [
    ("onboarding", "Onboarding"),
    ("adoption", "Adoption"),
    ("mature", "Mature"),
    ("at_risk", "At Risk"),
    ("churned", "Churned"),
]
# Kanban colour index of each health status
HEALTH_COLORS = {"green": 10, "yellow": 3, "red": 1}
HEALTH_SELECTION = [
    ("green", "Healthy"),
    ("yellow", "Needs Attention"),
    ("red", "At Risk"),
]


class ResPartner(models.Model):
    """Accounts: tier, CSM and lifecycle live on the commercial partner and
    are copied to its contacts by Odoo's commercial-field synchronisation."""

    _inherit = "res.partner"

    cs_tier_id = fields.Many2one(
        "cs.tier", string="Customer Tier", index="btree_not_null", tracking=True
    )
    cs_csm_user_id = fields.Many2one(
        "res.users",
        string="Customer Success Manager",
        index="btree_not_null",
        tracking=True,
        domain=lambda self: [
            ("share", "=", False),
            ("group_ids", "in", self.env.ref("customer_success_sla.group_cs_manager").ids),
        ],
    )
    # Internal customer-success figures (groups=): customers see their tier and CSM on the portal card.
    cs_lifecycle_stage = fields.Selection(
        LIFECYCLE_SELECTION, string="Lifecycle Stage", index="btree_not_null", tracking=True, groups="base.group_user"
    )
    cs_go_live_date = fields.Date(string="Go-Live Date", tracking=True, groups="base.group_user")
    cs_health_score = fields.Integer(string="Health Score", help="0 (lost) to 100 (thriving).",
                                     groups="base.group_user")
    cs_health_status = fields.Selection(HEALTH_SELECTION, string="Health", groups="base.group_user")
    cs_tier_color = fields.Integer(related="cs_tier_id.color", string="Tier Color")

    _cs_health_score_range = models.Constraint(
        "CHECK(cs_health_score IS NULL OR (cs_health_score >= 0 AND cs_health_score <= 100))",
        "A health score lies between 0 and 100.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "cs_tier_id",
            "cs_csm_user_id",
            "cs_lifecycle_stage",
            "cs_go_live_date",
            "cs_health_score",
            "cs_health_status",
        ]

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered("cs_tier_id")._cs_assign_missing_csm()
        return partners

    def write(self, vals):
        res = super().write(vals)
        if vals.get("cs_tier_id"):
            self._cs_assign_missing_csm()
        if "cs_tier_id" in vals:
            # The tier of open tickets follows: their SLA policy may change.
            self.env["helpdesk.ticket"].sudo().search(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids), ("closed", "=", False)]
            )._cs_sla_rematch()
        return res

    def _cs_account_domain(self):
        """Commercial entities only: contacts carry copies of these fields."""
        return Domain.OR([Domain("is_company", "=", True), Domain("parent_id", "=", False)])

    @api.model
    def _cs_csm_candidates(self):
        group = self.env.ref("customer_success_sla.group_cs_manager")
        return group.sudo().user_ids.filtered(lambda user: user.active and not user.share)

    def _cs_assign_missing_csm(self):
        """Give a CSM to the accounts of ``self`` whose tier requires one and
        that have none: the least loaded member of the CSM group, ties to the
        oldest user, so that a batch is spread evenly."""
        accounts = self.filtered(
            lambda p: p.commercial_partner_id == p
            and p.cs_tier_id.csm_required
            and not p.cs_csm_user_id
        )
        if not accounts:
            return
        candidates = self._cs_csm_candidates()
        if not candidates:
            _logger.warning(
                "No user in the CSM group: %d account(s) stay without a CSM.", len(accounts)
            )
            return
        counts = dict(
            self.sudo()._read_group(
                Domain.AND(
                    [
                        self._cs_account_domain(),
                        Domain("cs_csm_user_id", "in", candidates.ids),
                        Domain("cs_lifecycle_stage", "!=", "churned"),
                    ]
                ),
                ["cs_csm_user_id"],
                ["__count"],
            )
        )
        loads = {user.id: counts.get(user, 0) for user in candidates}
        picks = csm_assignment.assign_least_loaded(loads, len(accounts))
        by_user = {}
        for account, user_id in zip(accounts, picks):
            by_user.setdefault(user_id, self.browse())
            by_user[user_id] |= account
        for user_id, user_accounts in by_user.items():
            user_accounts.write({"cs_csm_user_id": user_id})

    def _cs_start_onboarding(self, tier=False, responsible=False):
        """Start the onboarding of the accounts in ``self``: optional new tier,
        stage onboarding from today, a CSM when the tier requires one, and the
        tier's onboarding plan scheduled for the CSM (else ``responsible``)."""
        today = fields.Date.context_today(self)
        accounts = self.commercial_partner_id
        values = {"cs_lifecycle_stage": "onboarding", "cs_go_live_date": today}
        if tier:
            values["cs_tier_id"] = tier.id
        accounts.write(values)
        accounts._cs_assign_missing_csm()
        # One plan launch per (plan, owner), whatever the number of accounts.
        launches = {}
        for account in accounts.filtered("cs_tier_id.onboarding_plan_id.template_ids"):
            owner = account.cs_csm_user_id or responsible or self.env.user
            key = (account.cs_tier_id.onboarding_plan_id, owner)
            launches[key] = launches.get(key, self.browse()) | account
        for (plan, owner), plan_accounts in launches.items():
            # In the owner's language: the activities are theirs, whoever won the opportunity.
            self.env["mail.activity.schedule"].with_context(
                active_model="res.partner", active_ids=plan_accounts.ids, lang=owner.lang or self.env.lang
            ).create(
                {"plan_id": plan.id, "plan_on_demand_user_id": owner.id, "plan_date": today}
            ).action_schedule_plan()

    @api.model
    def _cs_lifecycle_day_counts(self):
        """(onboarding days, adoption days) from Settings; the defaults when
        the stored values are unusable (e.g. out of bounds, stored before
        settings were checked), so that a bad edit never stops the cron."""
        params = self.env["ir.config_parameter"].sudo()
        defaults = (lifecycle.DEFAULT_ONBOARDING_DAYS, lifecycle.DEFAULT_ADOPTION_DAYS)
        counts = []
        for key, default in zip(
                ("customer_success_sla.onboarding_days", "customer_success_sla.adoption_days"), defaults):
            stored = params.get_param(key)
            days = parse_setting(key, stored or "")
            if days is None and stored:
                _logger.warning("Invalid setting %s=%r: using the default.", key, stored)
            counts.append(default if days is None else days)
        try:
            lifecycle.check_day_counts(*counts)
        except lifecycle.LifecycleSettingsError:
            _logger.warning("Invalid lifecycle day counts in Settings: using the defaults.")
            return defaults
        return tuple(counts)

    @api.model
    def _cs_lifecycle_due_domain(self, today):
        """Accounts whose go-live date is old enough to move to the next stage."""
        onboarding_days, adoption_days = self._cs_lifecycle_day_counts()
        return self._cs_account_domain() & (
            (Domain("cs_lifecycle_stage", "=", "onboarding")
             & Domain("cs_go_live_date", "<=", fields.Date.subtract(today, days=onboarding_days)))
            | (Domain("cs_lifecycle_stage", "=", "adoption")
               & Domain("cs_go_live_date", "<=", fields.Date.subtract(today, days=adoption_days)))
        )

    @api.model
    def _cron_update_lifecycle(self, batch_size=500):
        """Move accounts along onboarding → adoption → mature as days pass.

        Only accounts whose go-live date is old enough to move are read, in
        batches that commit; a moved account no longer matches, so a second
        run or a second worker finds nothing left to do.
        """
        onboarding_days, adoption_days = self._cs_lifecycle_day_counts()
        today = fields.Date.context_today(self)
        due_domain = self._cs_lifecycle_due_domain(today)
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=self.search_count(due_domain))

        def move(accounts):
            # held rows are read after the lock: another worker may have moved them
            locked = self.env["cs.cron.batch"]._cs_lock_accounts(accounts)
            if locked is None:
                return None
            by_stage = {}
            for account in locked:
                stage = lifecycle.stage_on(
                    account.cs_lifecycle_stage,
                    account.cs_go_live_date,
                    today,
                    onboarding_days,
                    adoption_days,
                )
                if stage != account.cs_lifecycle_stage:
                    by_stage[stage] = by_stage.get(stage, self.browse()) | account
            for stage, stage_accounts in by_stage.items():
                stage_accounts.write({"cs_lifecycle_stage": stage})
            return locked

        left = self.env["cs.cron.batch"]._cs_process(self, due_domain, move, batch_size)
        cron._commit_progress(remaining=left)
