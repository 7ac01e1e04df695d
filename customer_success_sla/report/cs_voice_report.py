from odoo import fields, models, tools

from ..models.survey import NPS_CATEGORY_SELECTION


class CsVoiceReport(models.Model):
    """One row per CSAT rating of a ticket or NPS answer of an account.

    ``nps_value`` is +100 for a promoter, 0 for a passive and −100 for a
    detractor, so that its average over any group is that group's NPS.
    """

    _name = "cs.voice.report"
    _description = "CSAT and NPS Analysis"
    _auto = False
    _order = "date desc"

    source = fields.Selection([("csat", "CSAT"), ("nps", "NPS")], readonly=True)
    date = fields.Datetime(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Account", readonly=True)
    cs_tier_id = fields.Many2one("cs.tier", string="Customer Tier", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent or CSM", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Ticket", readonly=True)
    csat = fields.Float(string="CSAT (1-5)", aggregator="avg", readonly=True)
    nps_score = fields.Float(string="NPS Score (0-10)", aggregator="avg", readonly=True)
    nps_category = fields.Selection(NPS_CATEGORY_SELECTION, string="NPS Category", readonly=True)
    nps_value = fields.Float(string="NPS", aggregator="avg", readonly=True)
    comment = fields.Text(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT r.id * 2 AS id, 'csat' AS source, r.write_date AS date,
                       t.commercial_partner_id AS partner_id, account.cs_tier_id AS cs_tier_id,
                       t.team_id, t.user_id, t.category_id, t.id AS ticket_id,
                       r.rating AS csat, NULL::float AS nps_score, NULL AS nps_category,
                       NULL::float AS nps_value, r.feedback AS comment
                  FROM rating_rating r
                  JOIN helpdesk_ticket t ON r.res_model = 'helpdesk.ticket' AND r.res_id = t.id
             LEFT JOIN res_partner account ON account.id = t.commercial_partner_id
                 WHERE r.consumed AND r.rating >= 1
             UNION ALL
                SELECT u.id * 2 + 1, 'nps', u.end_datetime,
                       u.cs_account_id, account.cs_tier_id,
                       NULL, account.cs_csm_user_id, NULL, NULL,
                       NULL, u.cs_nps_score, u.cs_nps_category,
                       CASE u.cs_nps_category WHEN 'promoter' THEN 100 WHEN 'detractor' THEN -100 ELSE 0 END,
                       u.cs_nps_reason
                  FROM survey_user_input u
                  JOIN res_partner account ON account.id = u.cs_account_id
                 WHERE u.cs_nps_category IS NOT NULL
            )
        """)
