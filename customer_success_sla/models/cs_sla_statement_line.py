from odoo import api, fields, models

from ..engine import sla_credit
from .cs_sla_target import TARGET_KIND_SELECTION


class CsSlaStatementLine(models.Model):
    """Targets of one kind on a statement: how many were met and breached."""

    _name = "cs.sla.statement.line"
    _inherit = ["cs.system.record"]
    _description = "SLA Statement Line"
    _order = "statement_id, id"

    statement_id = fields.Many2one("cs.sla.statement", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(TARGET_KIND_SELECTION, required=True)
    met_count = fields.Integer(string="Met")
    breached_count = fields.Integer(string="Breached")
    committed = fields.Boolean(string="In the Commitment",
                               help="Counts toward the committed compliance.")
    compliance = fields.Float(string="Compliance (%)", digits=(5, 1), compute="_compute_compliance")

    @api.depends("met_count", "breached_count")
    def _compute_compliance(self):
        for line in self:
            line.compliance = sla_credit.compliance(line.met_count, line.breached_count) or 0.0

    @api.model
    def _cs_system_write_refusal(self):
        return self.env["cs.sla.statement"]._cs_system_write_refusal()
