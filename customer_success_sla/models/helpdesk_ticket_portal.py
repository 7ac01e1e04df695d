from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError

DEFAULT_REOPEN_DAYS = 7


class HelpdeskTicket(models.Model):
    """What a customer does on the portal: confirm the solution, reopen."""

    _inherit = "helpdesk.ticket"

    def _cs_reopen_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param("customer_success_sla.reopen_days")
        try:
            return max(int(value), 0) if value else DEFAULT_REOPEN_DAYS
        except ValueError:
            return DEFAULT_REOPEN_DAYS

    def _cs_stages(self, closed):
        self.ensure_one()
        stages = self.team_id._get_applicable_stages() if self.team_id else self.env["helpdesk.ticket.stage"].search(
            [("team_ids", "=", False)])
        return stages.filtered(lambda stage: bool(stage.closed) == closed).sorted("sequence")

    def _cs_can_reopen(self):
        self.ensure_one()
        closed_at = self.closed_date or self.last_stage_update
        return bool(self.stage_id.closed and closed_at
                    and fields.Datetime.now() <= closed_at + relativedelta(days=self._cs_reopen_days()))

    def _cs_portal_close(self):
        """Solved, as the customer says: the first closed stage that is not a
        cancellation (a stage that asks for a rating comes first)."""
        for ticket in self.sudo():
            stages = ticket._cs_stages(closed=True)
            stage = stages.filtered("rating_mail_template_id")[:1] or stages[:1]
            if stage:
                ticket.stage_id = stage

    def _cs_portal_reopen(self):
        for ticket in self.sudo():
            if not ticket.stage_id.closed:
                continue
            if not ticket._cs_can_reopen():
                raise UserError(self.env._(
                    "This ticket was closed more than %(days)s days ago and can no longer be reopened: "
                    "please open a new ticket.", days=ticket._cs_reopen_days()))
            stage = ticket._cs_stages(closed=False)[:1]
            if stage:
                ticket.stage_id = stage
