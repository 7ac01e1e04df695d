from odoo import fields, models

from ..models.res_partner_playbook import CHURN_REASONS


class CsChurnWizard(models.TransientModel):
    """Mark an account churned with its reason; this runs the exit playbook."""

    _name = "cs.churn.wizard"
    _description = "Mark an Account as Churned"

    partner_id = fields.Many2one("res.partner", string="Account", required=True,
                                 domain="[('is_company', '=', True)]")
    reason = fields.Selection(CHURN_REASONS, required=True)
    note = fields.Text(string="Details")

    def action_confirm(self):
        self.ensure_one()
        account = self.partner_id.commercial_partner_id
        account.write({"cs_churn_reason": self.reason, "cs_churn_note": self.note, "cs_lifecycle_stage": "churned"})
        return {"type": "ir.actions.act_window_close"}
