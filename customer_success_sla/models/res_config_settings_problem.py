from odoo import api, fields, models

from ..engine import problem_detection


class ResConfigSettings(models.TransientModel):
    """Problem detection thresholds and the engineering project."""

    _inherit = "res.config.settings"

    cs_problem_min_tickets = fields.Integer(
        string="Tickets in a Burst", default=problem_detection.DEFAULT_MIN_TICKETS,
        config_parameter="customer_success_sla.problem_min_tickets")
    cs_problem_min_accounts = fields.Integer(
        string="Accounts in a Burst", default=problem_detection.DEFAULT_MIN_ACCOUNTS,
        config_parameter="customer_success_sla.problem_min_accounts")
    cs_problem_window_minutes = fields.Integer(
        string="Detection Window (minutes)", default=problem_detection.DEFAULT_WINDOW_MINUTES,
        config_parameter="customer_success_sla.problem_window_minutes")
    cs_problem_project_id = fields.Many2one(
        "project.project", string="Engineering Project",
        config_parameter="customer_success_sla.problem_project_id",
        help="Where “Create Task” on a problem files the engineering task.")

    @api.constrains("cs_problem_min_tickets", "cs_problem_min_accounts", "cs_problem_window_minutes")
    def _check_cs_problem_settings(self):
        Parameter = self.env["ir.config_parameter"]
        for settings in self:
            for name in ("cs_problem_min_tickets", "cs_problem_min_accounts", "cs_problem_window_minutes"):
                Parameter._cs_check_setting(self._fields[name].config_parameter, settings[name])
