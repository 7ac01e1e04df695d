from odoo import api, fields, models


class CsSlaPolicyPreview(models.TransientModel):
    """Which policy applies? The policy a ticket of each tier and priority
    gets for a chosen team, category and company, by the engine's own match."""

    _name = "cs.sla.policy.preview"
    _description = "Which SLA Policy Applies"

    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", help="Empty: no team, or one no policy names.")
    category_id = fields.Many2one(
        "helpdesk.ticket.category", string="Category", help="Empty: no category, or one no policy names.")
    company_id = fields.Many2one("res.company", string="Company")
    in_hypercare = fields.Boolean(string="Account in Hypercare")
    policy_id = fields.Many2one("cs.sla.policy", string="Highlighted Policy")
    tier_id = fields.Many2one("cs.tier", string="Ticket Tier")
    priority = fields.Selection(
        selection=lambda self: self.env["helpdesk.ticket"]._fields["priority"].selection, string="Ticket Priority")
    matrix_html = fields.Html(string="Which Policy Applies", compute="_compute_matrix_html", sanitize=False)

    @api.depends("team_id", "category_id", "company_id", "in_hypercare", "policy_id", "tier_id", "priority")
    def _compute_matrix_html(self):
        Policy = self.env["cs.sla.policy"]
        # the policies the tickets' match reads: active, with targets
        policies = Policy.search([("target_ids", "!=", False)])
        criteria = Policy._cs_criteria(policies)
        space, _hypercare_tiers = Policy._cs_ticket_space(policies)
        names = dict(zip(policies.ids, policies.mapped("display_name")))
        for preview in self:
            ticket = {
                "team_id": preview.team_id.id or None,
                "category_id": preview.category_id.id or None,
                "company_id": preview.company_id.id or None,
                "in_hypercare": preview.in_hypercare,
            }
            cell = (preview.tier_id.id or None, preview.priority) if preview.priority else None
            preview.matrix_html = Policy._cs_matrix_html(
                criteria, ticket, space, names, highlight_policy_id=preview.policy_id.id, highlight_cell=cell)

    @api.model
    def _cs_open(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Which policy applies?"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }
