from odoo import fields, models, tools

from ..engine.kpi import AGE_BUCKETS
from ..models.helpdesk_ticket_classification import SUPPORT_LEVEL_SELECTION


# What the KPIs are computed from, aggregated in one query.
TOTALS_AGGREGATES = [
    "__count", "solved_count:sum", "fcr_count:sum", "reopened_count:sum", "open_count:sum",
    "first_response_hours:avg", "first_response_hours:count", "resolution_hours:avg", "resolution_hours:count",
    "csat:avg", "csat:count", "sla_met_clocks:sum", "sla_breached_clocks:sum",
]


def _totals_of(row):
    (count, solved, fcr, reopened, opened, first, first_n, resolution, resolution_n, csat, csat_n, met,
     breached) = row
    # An average over no value is no data, not zero.
    return {"tickets": count, "solved": solved, "fcr": fcr, "reopened": reopened, "open": opened,
            "first_response_hours": first if first_n else None,
            "resolution_hours": resolution if resolution_n else None, "csat": csat if csat_n else None,
            "sla_met": met, "sla_breached": breached}


class CsTicketReport(models.Model):
    """One row per ticket with its service figures.

    First-contact resolution: the ticket reached a closed stage with exactly
    one customer-visible agent reply and was never reopened. Response and
    resolution times are working hours of the ticket's SLA calendar (pauses
    excluded) and calendar hours, from its SLA clocks. Engagement per support
    level (L1, L2, L3) and periodic updates come from the clocks of those
    targets, so that hand-offs are measured apart from the customer's promise.
    """

    _name = "cs.ticket.report"
    _inherit = ["cs.analysis.reader"]
    _description = "Ticket Service Analysis"
    _auto = False
    _order = "create_date desc"

    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    create_date = fields.Datetime(string="Created on", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    cs_tier_id = fields.Many2one("cs.tier", string="Customer Tier", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", string="Channel", readonly=True)
    priority = fields.Selection(selection=lambda self: self.env["helpdesk.ticket"]._fields["priority"].selection,
                                readonly=True)
    is_closed = fields.Boolean(string="Solved", readonly=True)
    first_response_hours = fields.Float(string="First Response (working h)", aggregator="avg", readonly=True)
    first_response_calendar_hours = fields.Float(string="First Response (h)", aggregator="avg", readonly=True)
    resolution_hours = fields.Float(string="Resolution (working h)", aggregator="avg", readonly=True)
    resolution_calendar_hours = fields.Float(string="Resolution (h)", aggregator="avg", readonly=True)
    is_fcr = fields.Boolean(string="First-Contact Resolution", readonly=True)
    is_reopened = fields.Boolean(string="Reopened", readonly=True)
    sla_met = fields.Boolean(string="SLA Met", readonly=True, help="Every SLA target of the ticket was met.")
    sla_breached = fields.Boolean(string="SLA Breached", readonly=True, help="At least one SLA target was breached.")
    csat = fields.Float(string="CSAT", aggregator="avg", readonly=True)
    age_bucket = fields.Selection([(label, label) for _limit, label in AGE_BUCKETS], string="Age", readonly=True)
    # 0/1 and counts, to sum in pivots and KPIs
    solved_count = fields.Integer(string="# Solved", readonly=True)
    fcr_count = fields.Integer(string="# First-Contact Resolved", readonly=True)
    reopened_count = fields.Integer(string="# Reopened", readonly=True)
    open_count = fields.Integer(string="# Open", readonly=True)
    sla_met_clocks = fields.Integer(string="# SLA Targets Met", readonly=True)
    sla_breached_clocks = fields.Integer(string="# SLA Targets Breached", readonly=True)
    support_level = fields.Selection(SUPPORT_LEVEL_SELECTION, string="Support Level", readonly=True)
    l1_engagement_hours = fields.Float(string="L1 Engagement (working h)", aggregator="avg", readonly=True)
    l2_engagement_hours = fields.Float(string="L2 Engagement (working h)", aggregator="avg", readonly=True)
    l3_engagement_hours = fields.Float(string="L3 Engagement (working h)", aggregator="avg", readonly=True)
    level_met_clocks = fields.Integer(string="# Level Targets Met", readonly=True)
    level_breached_clocks = fields.Integer(string="# Level Targets Breached", readonly=True)
    update_met_clocks = fields.Integer(string="# Periodic Updates Met", readonly=True)
    update_breached_clocks = fields.Integer(string="# Periodic Updates Breached", readonly=True)
    sentiment_score = fields.Float(string="Customer Sentiment", aggregator="avg", readonly=True,
                                   help="Latest mood of the customer's messages, from -1 (very negative) to 1.")
    sentiment = fields.Selection(selection=lambda self: self.env["helpdesk.ticket"]._fields["cs_sentiment"].selection,
                                 string="Sentiment", readonly=True)
    upset_count = fields.Integer(string="# Upset Customers", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Float columns store 0 for "no value": a ticket without a reached
        # first response reads NULL here, so that averages skip it.
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT t.id AS id, t.id AS ticket_id, t.create_date, t.commercial_partner_id AS partner_id,
                       t.cs_tier_id, t.team_id, t.user_id, t.category_id, t.channel_id, t.priority,
                       COALESCE(stage.closed, false) AS is_closed,
                       CASE WHEN t.cs_first_response_reached THEN t.cs_first_response_hours END
                           AS first_response_hours,
                       CASE WHEN t.cs_first_response_reached THEN t.cs_first_response_calendar_hours END
                           AS first_response_calendar_hours,
                       CASE WHEN stage.closed AND t.cs_sla_met_count + t.cs_sla_breached_count > 0
                            THEN t.cs_resolution_hours END AS resolution_hours,
                       CASE WHEN stage.closed AND t.cs_sla_met_count + t.cs_sla_breached_count > 0
                            THEN t.cs_resolution_calendar_hours END AS resolution_calendar_hours,
                       (COALESCE(stage.closed, false) AND COALESCE(t.cs_reopen_count, 0) = 0
                        AND COALESCE(t.cs_agent_reply_count, 0) = 1) AS is_fcr,
                       COALESCE(t.cs_reopen_count, 0) > 0 AS is_reopened,
                       (COALESCE(t.cs_sla_met_count, 0) > 0 AND COALESCE(t.cs_sla_breached_count, 0) = 0
                        AND COALESCE(t.cs_sla_open_count, 0) = 0) AS sla_met,
                       COALESCE(t.cs_sla_breached_count, 0) > 0 AS sla_breached,
                       NULLIF(t.rating_last_value, 0) AS csat,
                       CASE WHEN now() - t.create_date < interval '1 day' THEN '< 1 day'
                            WHEN now() - t.create_date < interval '3 days' THEN '1-3 days'
                            WHEN now() - t.create_date < interval '7 days' THEN '3-7 days'
                            WHEN now() - t.create_date < interval '30 days' THEN '1-4 weeks'
                            ELSE '> 4 weeks' END AS age_bucket,
                       CASE WHEN stage.closed THEN 1 ELSE 0 END AS solved_count,
                       CASE WHEN COALESCE(stage.closed, false) AND COALESCE(t.cs_reopen_count, 0) = 0
                                 AND COALESCE(t.cs_agent_reply_count, 0) = 1 THEN 1 ELSE 0 END AS fcr_count,
                       CASE WHEN COALESCE(t.cs_reopen_count, 0) > 0 THEN 1 ELSE 0 END AS reopened_count,
                       CASE WHEN COALESCE(stage.closed, false) THEN 0 ELSE 1 END AS open_count,
                       COALESCE(t.cs_sla_met_count, 0) AS sla_met_clocks,
                       COALESCE(t.cs_sla_breached_count, 0) AS sla_breached_clocks,
                       t.cs_support_level AS support_level,
                       lvl.l1_hours AS l1_engagement_hours,
                       lvl.l2_hours AS l2_engagement_hours,
                       lvl.l3_hours AS l3_engagement_hours,
                       COALESCE(lvl.level_met, 0) AS level_met_clocks,
                       COALESCE(lvl.level_breached, 0) AS level_breached_clocks,
                       COALESCE(lvl.update_met, 0) AS update_met_clocks,
                       COALESCE(lvl.update_breached, 0) AS update_breached_clocks,
                       t.cs_sentiment_score AS sentiment_score,
                       t.cs_sentiment AS sentiment,
                       CASE WHEN t.cs_sentiment IN ('negative', 'very_negative') THEN 1 ELSE 0 END AS upset_count
                  FROM helpdesk_ticket t
             LEFT JOIN helpdesk_ticket_stage stage ON stage.id = t.stage_id
             LEFT JOIN (
                    SELECT ticket_id,
                           SUM(elapsed_hours) FILTER (WHERE support_level = 'l1' AND reached_date IS NOT NULL)
                               AS l1_hours,
                           SUM(elapsed_hours) FILTER (WHERE support_level = 'l2' AND reached_date IS NOT NULL)
                               AS l2_hours,
                           SUM(elapsed_hours) FILTER (WHERE support_level = 'l3' AND reached_date IS NOT NULL)
                               AS l3_hours,
                           COUNT(*) FILTER (WHERE kind = 'level_response' AND status = 'met') AS level_met,
                           COUNT(*) FILTER (WHERE kind = 'level_response' AND status = 'breached')
                               AS level_breached,
                           COUNT(*) FILTER (WHERE kind = 'periodic_update' AND status = 'met') AS update_met,
                           COUNT(*) FILTER (WHERE kind = 'periodic_update' AND status = 'breached')
                               AS update_breached
                      FROM cs_ticket_sla
                     WHERE kind IN ('level_response', 'periodic_update')
                  GROUP BY ticket_id
             ) lvl ON lvl.ticket_id = t.id
                 WHERE t.active
            )
        """)

    def _cs_totals(self, domain):
        """The totals KPIs are computed from, in one grouped query."""
        [row] = self._read_group(domain, [], TOTALS_AGGREGATES)
        return _totals_of(row)

    def _cs_period_and_weekly_totals(self, domain):
        """``(totals, weekly totals)`` of :meth:`_cs_totals` and
        :meth:`_cs_weekly_totals` in one query (grouping sets): a year of a
        large helpdesk is read once, not twice."""
        weekly_rows, period_rows = self._read_grouping_sets(domain, [["create_date:week"], []], TOTALS_AGGREGATES)
        weekly = {week.date(): _totals_of(row) for week, *row in weekly_rows}
        return (_totals_of(period_rows[0]) if period_rows else self._cs_totals(domain)), weekly

    def _cs_weekly_totals(self, domain):
        """The same totals for each week that has tickets, in one grouped
        query: {first day of the week: totals}. Weeks start on the first day
        of the reader's language and are cut in the context's timezone."""
        return {week.date(): _totals_of(row)
                for week, *row in self._read_group(domain, ["create_date:week"], TOTALS_AGGREGATES)}
