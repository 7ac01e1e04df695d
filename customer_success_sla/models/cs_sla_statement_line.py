from odoo import api, fields, models

from ..engine import sla_credit
from .cs_sla_target import TARGET_KIND_SELECTION


class CsSlaStatementLine(models.Model):
    """Targets of one kind on a statement: how many were met and breached."""

    _name = "cs.sla.statement.line"
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

    @api.model_create_multi
    def create(self, vals_list):
        self.env["cs.sla.statement"]._cs_check_system_write()
        return super().create(vals_list)

    def write(self, vals):
        self.env["cs.sla.statement"]._cs_check_system_write()
        return super().write(vals)

    def unlink(self):
        self.env["cs.sla.statement"]._cs_check_system_write()
        return super().unlink()
