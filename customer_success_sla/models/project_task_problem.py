from odoo import api, fields, models


class ProjectTask(models.Model):
    """An engineering task behind problems: it shows who is hit, and its
    completion tells the accounts' CSMs and asks the problem owner for the
    customer summary."""

    _inherit = "project.task"

    cs_problem_ids = fields.One2many("cs.problem", "task_id", string="Problems", groups="base.group_user")
    cs_problem_account_ids = fields.Many2many(
        "cs.problem.account", compute="_compute_cs_problem_accounts", string="Affected Accounts",
        groups="base.group_user")
    cs_problem_account_count = fields.Integer(
        compute="_compute_cs_problem_accounts", string="Accounts Affected", groups="base.group_user")
    cs_problem_ticket_count = fields.Integer(
        compute="_compute_cs_problem_accounts", string="Tickets Affected", groups="base.group_user")

    @api.depends("cs_problem_ids.account_ids")
    def _compute_cs_problem_accounts(self):
        for task in self:
            rows = task.cs_problem_ids.account_ids
            task.cs_problem_account_ids = rows
            task.cs_problem_account_count = len(rows.partner_id)
            task.cs_problem_ticket_count = sum(rows.mapped("ticket_count"))

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "1_done":
            self.sudo().cs_problem_ids._cs_notify_accounts()
        return result
