from odoo import api, fields, models
from odoo.exceptions import UserError


class CsProblemLinkWizard(models.TransientModel):
    """Link the tickets selected in the list to one problem, in one action."""

    _name = "cs.problem.link.wizard"
    _description = "Link Tickets to a Problem"

    ticket_ids = fields.Many2many("helpdesk.ticket", string="Tickets", required=True)
    problem_id = fields.Many2one("cs.problem", string="Problem", domain=[("state", "!=", "resolved")])
    new_problem_name = fields.Char(string="Or a New Problem")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "helpdesk.ticket" and "ticket_ids" in fields_list:
            values["ticket_ids"] = [fields.Command.set(self.env.context.get("active_ids") or [])]
        return values

    def action_link(self):
        self.ensure_one()
        problem = self.problem_id
        if not problem:
            if not (self.new_problem_name or "").strip():
                raise UserError(self.env._("Choose a problem, or give the new problem a title."))
            problem = self.env["cs.problem"].create({"name": self.new_problem_name.strip()})
        problem._cs_link_tickets(self.ticket_ids)
        return {"type": "ir.actions.act_window", "res_model": "cs.problem", "res_id": problem.id,
                "view_mode": "form"}
