from odoo import api, fields, models


class CsTier(models.Model):
    """The SLA commitment a tier's contracts make: the share of resolution
    targets met each calendar month, and what the vendor credits below it."""

    _name = "cs.tier"
    _inherit = ["cs.tier", "cs.sla.commitment.mixin"]

    sla_committed_compliance = fields.Float(
        string="Committed Compliance (%)", digits=(5, 2),
        help="Share of resolution targets met per calendar month the contract promises. 0: no commitment.")
    sla_currency_id = fields.Many2one(
        "res.currency", string="Fee Currency", default=lambda self: self.env.company.currency_id)
    sla_monthly_fee = fields.Monetary(
        string="Monthly Fee", currency_field="sla_currency_id",
        help="Fee of the tier's contract per month, on which SLA credits are computed.")
    sla_credit_rule_ids = fields.One2many("cs.sla.credit.rule", "tier_id", string="Credit Schedule")

    def _cs_commitment_fields(self):
        return "sla_committed_compliance", "sla_credit_rule_ids"

    @api.constrains("sla_committed_compliance")
    def _check_sla_committed_compliance(self):
        self._cs_check_commitment()
