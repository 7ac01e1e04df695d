from odoo import fields, models


class CsProblemUpdateWizard(models.TransientModel):
    """Write a problem's public update, with an optional translation per
    language, and post it on every linked open ticket."""

    _name = "cs.problem.update.wizard"
    _description = "Post a Problem Update"

    problem_id = fields.Many2one("cs.problem", required=True)
    body = fields.Html(string="Update", required=True)
    line_ids = fields.One2many("cs.problem.update.wizard.line", "wizard_id", string="Translations")
    open_ticket_count = fields.Integer(related="problem_id.open_ticket_count")

    def action_post(self):
        self.ensure_one()
        self.problem_id.action_post_update(self.body, {line.lang: line.body for line in self.line_ids})
        return {"type": "ir.actions.act_window_close"}

