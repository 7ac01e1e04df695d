from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

# The account's contract terms: its credits are computed from them.
CONTRACT_TERM_FIELDS = ("cs_sla_own_commitment", "cs_sla_committed_compliance", "cs_sla_monthly_fee",
                        "cs_sla_currency_id", "cs_resource_calendar_id", "cs_sla_credit_rule_ids")


class ResPartner(models.Model):
    """An account's SLA commitment: its tier's, or its own contract terms."""

    _name = "res.partner"
    _inherit = ["res.partner", "cs.sla.commitment.mixin"]

    cs_sla_own_commitment = fields.Boolean(
        string="Own SLA Commitment", groups="base.group_user",
        help="The account's contract sets its own committed compliance, fee and credit schedule "
        "instead of its tier's.")
    cs_sla_committed_compliance = fields.Float(
        string="Committed Compliance (%)", digits=(5, 2), groups="base.group_user",
        help="Share of resolution targets met per calendar month the contract promises. 0: no commitment.")
    cs_sla_currency_id = fields.Many2one(
        "res.currency", string="Fee Currency", groups="base.group_user",
        default=lambda self: self.env.company.currency_id)
    cs_sla_monthly_fee = fields.Monetary(
        string="Monthly Fee", currency_field="cs_sla_currency_id", groups="base.group_user")
    cs_sla_credit_rule_ids = fields.One2many(
        "cs.sla.credit.rule", "partner_id", string="Credit Schedule", groups="base.group_user")
    cs_sla_statement_ids = fields.One2many(
        "cs.sla.statement", "partner_id", string="SLA Statements", groups="customer_success_sla.group_cs_agent")
    cs_sla_statement_count = fields.Integer(compute="_compute_cs_sla_statement_count",
                                            groups="customer_success_sla.group_cs_agent")

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get(name) for vals in vals_list for name in CONTRACT_TERM_FIELDS if name != "cs_sla_currency_id"):
            self._cs_check_contract_terms_editor()
        return super().create(vals_list)

    def write(self, vals):
        changed = [name for name in CONTRACT_TERM_FIELDS if name in vals]
        if changed and not self._cs_may_edit_contract_terms():
            # forms send unchanged values back too: only a real change is refused
            for account in self.sudo():
                for name in changed:
                    field = account._fields[name]
                    if field.type == "one2many" or field.convert_to_write(account[name], account) != vals[name]:
                        self._cs_check_contract_terms_editor()
        return super().write(vals)

    @api.model
    def _cs_may_edit_contract_terms(self):
        return self.env.su or self.env.user.has_group("customer_success_sla.group_cs_manager")

    @api.model
    def _cs_check_contract_terms_editor(self):
        if not self._cs_may_edit_contract_terms():
            raise AccessError(self.env._(
                "Only customer success managers may change an account's contract terms "
                "(SLA commitment, monthly fee, support hours): its SLA credits depend on them."))

    def _cs_commitment_fields(self):
        return "cs_sla_committed_compliance", "cs_sla_credit_rule_ids"

    @api.constrains("cs_sla_committed_compliance")
    def _check_cs_sla_committed_compliance(self):
        self._cs_check_commitment()

    def _compute_cs_sla_statement_count(self):
        counts = dict(self.env["cs.sla.statement"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.cs_sla_statement_count = counts.get(partner, 0)

    @api.model
    def _cs_committed_domain(self):
        """Accounts that promise a compliance, by their own terms or their tier's."""
        own = Domain("cs_sla_own_commitment", "=", True) & Domain("cs_sla_committed_compliance", ">", 0)
        tier = (Domain("cs_sla_own_commitment", "=", False)
                & Domain("cs_tier_id.sla_committed_compliance", ">", 0))
        return self._cs_account_domain() & (own | tier)

    def _cs_sla_commitment(self):
        """{account id: terms} with committed compliance, fee, currency and
        schedule [(threshold, credit)], from the account or its tier."""
        terms = {}
        for account in self.sudo():
            if account.cs_sla_own_commitment:
                committed, fee = account.cs_sla_committed_compliance, account.cs_sla_monthly_fee
                currency, rules = account.cs_sla_currency_id, account.cs_sla_credit_rule_ids
            else:
                tier = account.cs_tier_id
                committed, fee = tier.sla_committed_compliance, tier.sla_monthly_fee
                currency, rules = tier.sla_currency_id, tier.sla_credit_rule_ids
            terms[account.id] = {
                "committed": committed, "fee": fee,
                "currency": currency or self.env.company.currency_id,
                "schedule": [(rule.threshold, rule.credit_percent) for rule in rules],
            }
        return terms

    def _cs_sla_time_zones(self):
        """{time zone name: accounts}: the month of an account's statement
        runs in the time zone of its support hours (its own, else its
        tier's, as its clocks), else its own, else the company's working hours'."""
        zones = defaultdict(list)
        for account in self.sudo():
            calendar = account.cs_resource_calendar_id or account.cs_tier_id.resource_calendar_id
            tz_name = (calendar.tz or account.tz
                       or self.env.company.resource_calendar_id.tz or "UTC")
            zones[tz_name].append(account.id)
        return {tz_name: self.browse(ids) for tz_name, ids in zones.items()}

    def action_cs_issue_sla_statement(self):
        """Issue the statement of the last finished month (if not issued yet)
        and open this account's statements."""
        self.ensure_one()
        account = self.commercial_partner_id
        self.env["cs.sla.statement"]._cs_check_issuer()
        if not account.sudo().filtered_domain(self._cs_committed_domain()):
            raise UserError(self.env._(
                "%(account)s has no SLA commitment: set a committed compliance on its tier or on the account.",
                account=account.display_name))
        self.env["cs.sla.statement"]._cs_issue(account, None)
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_success_sla.action_cs_sla_statement")
        action["domain"] = [("partner_id", "=", account.id)]
        action["context"] = {}
        return action
