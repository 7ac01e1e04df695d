from odoo import fields, models, tools


class CsProblemAccount(models.Model):
    """One row per account hit by a problem, with its ticket count: the
    problem's and the engineering task's view of who is affected, read in
    one grouped query whatever the number of tickets."""

    _name = "cs.problem.account"
    _description = "Account Affected by a Problem"
    _auto = False
    _order = "ticket_count desc, partner_id"

    problem_id = fields.Many2one("cs.problem", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Account", readonly=True)
    ticket_count = fields.Integer(string="Tickets", readonly=True)
    open_ticket_count = fields.Integer(string="Open Tickets", readonly=True)
    tier_id = fields.Many2one(related="partner_id.cs_tier_id", string="Tier")
    health_status = fields.Selection(related="partner_id.cs_health_status", string="Health")
    health_score = fields.Integer(related="partner_id.cs_health_score", string="Health Score")
    csm_user_id = fields.Many2one(related="partner_id.cs_csm_user_id", string="CSM")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE VIEW {self._table} AS (
                SELECT MIN(t.id) AS id,
                       t.cs_problem_id AS problem_id,
                       t.commercial_partner_id AS partner_id,
                       COUNT(*) AS ticket_count,
                       COUNT(*) FILTER (WHERE NOT COALESCE(s.closed, FALSE)) AS open_ticket_count
                  FROM helpdesk_ticket t
             LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE t.cs_problem_id IS NOT NULL AND t.commercial_partner_id IS NOT NULL
              GROUP BY t.cs_problem_id, t.commercial_partner_id
            )
        """)
