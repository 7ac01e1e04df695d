from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import kpi
from .cs_kpi_target import KPI_SELECTION


class CsKpiDashboard(models.TransientModel):
    """The managers' KPI board: each KPI of a period against its target and
    the previous period of the same length, for the chosen filters."""

    _name = "cs.kpi.dashboard"
    _description = "Service KPI Dashboard"

    date_from = fields.Date(required=True, default=lambda self: fields.Date.context_today(self).replace(day=1))
    date_to = fields.Date(required=True, default=lambda self: fields.Date.context_today(self))
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team")
    cs_tier_id = fields.Many2one("cs.tier", string="Customer Tier")
    user_id = fields.Many2one("res.users", string="Agent", domain=[("share", "=", False)])
    line_ids = fields.One2many("cs.kpi.dashboard.line", "dashboard_id", compute="_compute_line_ids")
    no_data = fields.Boolean(compute="_compute_line_ids")

    def _compute_display_name(self):
        for board in self:
            board.display_name = self.env._("Service KPIs")

    def _cs_filter_domain(self):
        domain = Domain.TRUE
        for field_name in ("team_id", "cs_tier_id", "user_id"):
            if self[field_name]:
                domain &= Domain(field_name, "=", self[field_name].id)
        return domain

    def _cs_period_domain(self, date_from, date_to):
        return Domain("create_date", ">=", fields.Datetime.to_datetime(date_from)) & Domain(
            "create_date", "<", fields.Datetime.to_datetime(date_to + relativedelta(days=1))
        )

    @api.depends("date_from", "date_to", "team_id", "cs_tier_id", "user_id")
    def _compute_line_ids(self):
        Report = self.env["cs.ticket.report"]
        targets = self.env["cs.kpi.target"]._cs_targets()
        labels = dict(KPI_SELECTION)
        for board in self:
            if not board.date_from or not board.date_to or board.date_from > board.date_to:
                board.line_ids = False
                board.no_data = True
                continue
            length = board.date_to - board.date_from
            previous_to = board.date_from - relativedelta(days=1)
            previous_from = previous_to - length
            filters = board._cs_filter_domain()
            totals = Report._cs_totals(filters & board._cs_period_domain(board.date_from, board.date_to))
            previous = Report._cs_totals(filters & board._cs_period_domain(previous_from, previous_to))
            # The backlog is today's, whatever the period: counted on tickets, without the analysis joins.
            totals["open"] = self.env["helpdesk.ticket"].sudo().search_count(filters & Domain("stage_id.closed", "=", False))
            previous["open"] = None
            current_kpis, previous_kpis = kpi.compute_kpis(totals), kpi.compute_kpis(previous)
            previous_kpis["backlog"] = None
            board.no_data = not totals["tickets"]
            board.line_ids = [
                fields.Command.create({
                    "code": code,
                    "name": labels[code],
                    "value": current_kpis[code] if current_kpis[code] is not None else 0.0,
                    "has_value": current_kpis[code] is not None,
                    "previous": previous_kpis[code] or 0.0,
                    "has_previous": previous_kpis[code] is not None,
                    "change": kpi.change(current_kpis[code], previous_kpis[code]) or 0.0,
                    "target": targets[code],
                    "status": {True: "on", False: "off", None: "none"}[
                        kpi.on_target(code, current_kpis[code], targets[code])
                    ],
                })
                for code in kpi.KPI_DEFINITIONS
            ]

    def _cs_action(self, name, model, domain, context=None, views="list,pivot,graph"):
        return {"type": "ir.actions.act_window", "name": name, "res_model": model, "view_mode": views,
                "domain": list(domain), "context": context or {}}

    def action_open_tickets(self):
        self.ensure_one()
        return self._cs_action(
            self.env._("Tickets of the period"), "cs.ticket.report",
            self._cs_filter_domain() & self._cs_period_domain(self.date_from, self.date_to),
            views="pivot,graph,list",
        )

    def action_open_backlog(self):
        self.ensure_one()
        return self._cs_action(
            self.env._("Backlog by age"), "cs.ticket.report",
            self._cs_filter_domain() & Domain("is_closed", "=", False),
            {"group_by": ["age_bucket"]},
        )

    def action_open_at_risk(self):
        self.ensure_one()
        return self._cs_action(
            self.env._("SLA at risk"), "helpdesk.ticket",
            self._cs_filter_domain() & Domain("cs_sla_status", "in", ["at_risk", "breached"]) & Domain("closed", "=", False),
            views="list,kanban,form",
        )


class CsKpiDashboardLine(models.TransientModel):
    _name = "cs.kpi.dashboard.line"
    _description = "Service KPI Dashboard Line"

    dashboard_id = fields.Many2one("cs.kpi.dashboard", ondelete="cascade")
    code = fields.Selection(KPI_SELECTION, string="KPI")
    name = fields.Char(string="KPI Name")
    value = fields.Float(digits=(16, 2))
    has_value = fields.Boolean()
    previous = fields.Float(string="Previous Period", digits=(16, 2))
    has_previous = fields.Boolean()
    change = fields.Float(digits=(16, 2))
    target = fields.Float(digits=(16, 2))
    status = fields.Selection([("on", "On Target"), ("off", "Off Target"), ("none", "No Data")])
