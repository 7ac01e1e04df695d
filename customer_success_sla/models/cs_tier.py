from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

NAMES_LISTED = 5
MAX_INTERVAL_DAYS = 3650


class CsTier(models.Model):
    """A customer tier: the service level an account has bought (VIP, Core,
    Standard…), with its support hours and entitlements."""

    _name = "cs.tier"
    _inherit = ["cs.input.check"]
    _description = "Customer Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short unique code used by imports and integrations, e.g. VIP.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the tier between companies.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Support Hours",
        help="Working calendar on which this tier's SLA clocks run. "
        "Empty: the company's working hours.",
    )
    csm_required = fields.Boolean(
        string="Dedicated CSM",
        help="Accounts of this tier get a customer success manager "
        "automatically when they have none.",
    )
    health_check_interval_days = fields.Integer(
        string="Health Check Every (days)",
        default=90,
        help="How often a health check is due for accounts of this tier.",
    )
    onboarding_plan_id = fields.Many2one(
        "mail.activity.plan",
        string="Onboarding Plan",
        domain=[("res_model", "=", "res.partner")],
        help="Activities scheduled for the account's CSM when an opportunity "
        "of this tier is won.",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Dedicated Team",
        help="New tickets of this tier's customers go to this team (e.g. the VIP desk).",
    )
    route_to_csm = fields.Boolean(
        string="Route to the CSM First",
        help="New tickets go to the account's customer success manager when "
        "available and under capacity.",
    )
    entitlements = fields.Html(
        translate=True,
        help="What customers of this tier are entitled to, as shown to agents.",
    )
    partner_count = fields.Integer(string="Accounts", compute="_compute_partner_count")

    _code_unique = models.Constraint(
        "UNIQUE(code)",
        "Another tier already uses this code; tier codes must be unique.",
    )
    _health_check_interval_positive = models.Constraint(
        "CHECK(health_check_interval_days > 0)",
        "The health check interval must be at least one day.",
    )

    @api.constrains("health_check_interval_days")
    def _check_health_check_interval_days(self):
        if any(tier.health_check_interval_days > MAX_INTERVAL_DAYS for tier in self):
            raise ValidationError(self.env._(
                "A health check is due at least every %(max)s days.", max=MAX_INTERVAL_DAYS))

    @api.constrains("resource_calendar_id")
    def _check_resource_calendar_id(self):
        for tier in self.filtered("resource_calendar_id"):
            if not tier.resource_calendar_id._cs_weekly_hours():
                raise ValidationError(self.env._(
                    "Tier %(tier)s: the support hours %(calendar)s have no working time, so its "
                    "customers' SLA clocks could never end.",
                    tier=tier.name, calendar=tier.resource_calendar_id.name,
                ))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        """A tier still given to accounts or named by SLA policies stays: its
        removal would silently change their service level."""
        # sudo: every account and policy counts, also those the user cannot read.
        Partner = self.env["res.partner"].with_context(active_test=False).sudo()
        accounts = Partner.search([("cs_tier_id", "in", self.ids)]).commercial_partner_id
        policies = self.env["cs.sla.policy"].with_context(active_test=False).sudo().search(
            [("tier_ids", "in", self.ids)])
        if not accounts and not policies:
            return
        used = []
        for label, names in ((self.env._("accounts"), accounts.mapped("display_name")),
                             (self.env._("SLA policies"), policies.mapped("name"))):
            if names:
                listed = ", ".join(names[:NAMES_LISTED])
                if len(names) > NAMES_LISTED:
                    listed = self.env._("%(names)s and %(count)s more", names=listed,
                                        count=len(names) - NAMES_LISTED)
                used.append(f"{label}: {listed}")
        raise UserError(self.env._(
            "The tier %(tiers)s is still in use (%(used)s). Give those accounts and policies another "
            "tier first, or archive the tier.",
            tiers=", ".join(self.mapped("name")), used="; ".join(used),
        ))

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("cs_tier_id", "in", self.ids), ("is_company", "=", True)],
                ["cs_tier_id"],
                ["__count"],
            )
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        return super().write(vals)

    def action_view_accounts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_success_sla.action_cs_accounts"
        )
        action["domain"] = [("cs_tier_id", "=", self.id), ("is_company", "=", True)]
        action["context"] = {"default_cs_tier_id": self.id, "default_is_company": True}
        return action
