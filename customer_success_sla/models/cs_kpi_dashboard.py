from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import get_lang

from ..engine import kpi
from .cs_kpi_target import KPI_SELECTION

FILTER_FIELDS = ("team_id", "cs_tier_id", "user_id")


class CsKpiDashboard(models.TransientModel):
    """The managers' KPI board: each KPI of a period against its target and
    the previous period of the same length, for the chosen filters.

    The web client's dashboard (client action ``customer_success_sla.kpi_dashboard``)
    reads it through :meth:`get_dashboard_data` and drills down through
    :meth:`get_kpi_action`; the records of this model remain for the monthly
    review PDF, which prints one board."""

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
        return self._cs_filters_domain({name: self[name].id for name in FILTER_FIELDS})

    @api.model
    def _cs_filters_domain(self, filters):
        """Tickets of the team, tier and agent in ``filters`` (ids or False)."""
        domain = Domain.TRUE
        for field_name in FILTER_FIELDS:
            if filters.get(field_name):
                domain &= Domain(field_name, "=", filters[field_name])
        return domain

    @api.model
    def _cs_period_domain(self, date_from, date_to):
        """Tickets created from the first day's midnight to the end of the
        last day, in the reader's timezone (the one weekly groups use)."""
        tz = self.env.tz

        def utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        return (Domain("create_date", ">=", utc(date_from))
                & Domain("create_date", "<", utc(date_to + timedelta(days=1))))

    @api.model
    def _cs_kpi_labels(self):
        """The KPI names in the reader's language."""
        return dict(self.env["cs.kpi.target"]._fields["code"]._description_selection(self.env))

    @api.model
    def _cs_board_figures(self, filter_domain, date_from, date_to, totals=None):
        """Every KPI of the period and of the previous one of the same length:
        ``{"tickets", "previous_tickets", "kpis": {code: {value, previous,
        change, target, status}}}``; ``None`` where there is no data.
        ``totals``: the period's, when the caller read them already."""
        Report = self.env["cs.ticket.report"]
        targets = self.env["cs.kpi.target"]._cs_targets()
        previous_from, previous_to = kpi.previous_period(date_from, date_to)
        if totals is None:
            totals = Report._cs_totals(filter_domain & self._cs_period_domain(date_from, date_to))
        previous = Report._cs_totals(filter_domain & self._cs_period_domain(previous_from, previous_to))
        # The backlog is today's, whatever the period: counted on tickets, without the analysis joins.
        totals["open"] = self.env["helpdesk.ticket"].sudo().search_count(
            filter_domain & Domain("stage_id.closed", "=", False))
        previous["open"] = None
        current_kpis, previous_kpis = kpi.compute_kpis(totals), kpi.compute_kpis(previous)
        previous_kpis["backlog"] = None
        return {
            "tickets": totals["tickets"],
            "previous_tickets": previous["tickets"],
            "kpis": {
                code: {
                    "value": current_kpis[code],
                    "previous": previous_kpis[code],
                    "change": kpi.change(current_kpis[code], previous_kpis[code]),
                    "target": targets[code],
                    "status": {True: "on", False: "off", None: "none"}[
                        kpi.on_target(code, current_kpis[code], targets[code])
                    ],
                }
                for code in kpi.KPI_DEFINITIONS
            },
        }

    @api.depends("date_from", "date_to", "team_id", "cs_tier_id", "user_id")
    def _compute_line_ids(self):
        labels = self._cs_kpi_labels()
        for board in self:
            if not board.date_from or not board.date_to or board.date_from > board.date_to:
                board.line_ids = False
                board.no_data = True
                continue
            figures = self._cs_board_figures(board._cs_filter_domain(), board.date_from, board.date_to)
            board.no_data = not figures["tickets"]
            board.line_ids = [
                fields.Command.create({
                    "code": code,
                    "name": labels[code],
                    "value": line["value"] if line["value"] is not None else 0.0,
                    "has_value": line["value"] is not None,
                    "previous": line["previous"] or 0.0,
                    "has_previous": line["previous"] is not None,
                    "change": line["change"] or 0.0,
                    "target": line["target"],
                    "status": line["status"],
                })
                for code, line in figures["kpis"].items()
            ]

    # The client dashboard's API

    @api.model
    def _cs_dashboard_query(self, filters):
        """Check the dashboard's filters (from the browser) and resolve the
        period: ``(date_from, date_to, filter_domain)``."""
        filters = dict(filters or {})
        period = filters.get("period") or "this_month"
        try:
            date_from = fields.Date.to_date(filters.get("date_from") or None)
            date_to = fields.Date.to_date(filters.get("date_to") or None)
            date_from, date_to = kpi.period_bounds(period, fields.Date.context_today(self), date_from, date_to)
        except (ValueError, TypeError, kpi.BadPeriod) as error:
            raise UserError(self.env._(
                "Choose a period: this month, last month, this quarter, last quarter, this year, or a start "
                "date on or before an end date."
            )) from error
        for field_name in FILTER_FIELDS:
            value = filters.get(field_name) or False
            if value is not False and (not isinstance(value, int) or isinstance(value, bool)):
                raise UserError(self.env._("The team, tier and agent filters take a record id."))
            filters[field_name] = value
        return date_from, date_to, self._cs_filters_domain(filters)

    @api.model
    @api.readonly
    def get_dashboard_data(self, filters=None):
        """Everything the KPI dashboard shows for ``filters`` (``period``: one
        of this_month, last_month, this_quarter, last_quarter, this_year,
        custom with ``date_from`` and ``date_to``; ``team_id``,
        ``cs_tier_id``, ``user_id``): the KPI cards and each period KPI by
        week, the weeks starting on the reader's first day of the week.

        As many queries for a year as for a week: the period, the previous
        one and the period by week are one grouped query each.

        Read-only (``@api.readonly``): the web client's call runs on a read
        replica when the server has one (``db_replica_host``)."""
        self.browse().check_access("read")
        date_from, date_to, filter_domain = self._cs_dashboard_query(filters)
        previous_from, previous_to = kpi.previous_period(date_from, date_to)
        # weeks are cut in the reader's timezone, like the period itself;
        # the period's totals come with them (one read of the period)
        totals, weekly = self.env["cs.ticket.report"].with_context(
            tz=self.env.tz.zone)._cs_period_and_weekly_totals(filter_domain & self._cs_period_domain(date_from, date_to))
        figures = self._cs_board_figures(filter_domain, date_from, date_to, totals=totals)
        first_weekday = int(get_lang(self.env).week_start) - 1
        weeks = kpi.week_starts(date_from, date_to, first_weekday)
        series = kpi.weekly_series(weeks, weekly)
        labels = self._cs_kpi_labels()
        return {
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "previous_from": fields.Date.to_string(previous_from),
            "previous_to": fields.Date.to_string(previous_to),
            "tickets": figures["tickets"],
            "previous_tickets": figures["previous_tickets"],
            "no_data": not figures["tickets"],
            "kpis": [
                {
                    "code": code,
                    "name": labels[code],
                    "unit": kpi.unit(code),
                    "direction": kpi.KPI_DEFINITIONS[code][0],
                    "has_trend": code in kpi.PERIOD_KPIS,
                    **line,
                }
                for code, line in figures["kpis"].items()
            ],
            "weeks": [fields.Date.to_string(week) for week in weeks],
            "series": series,
        }

    @api.model
    @api.readonly
    def get_kpi_action(self, filters, code):
        """The tickets behind a KPI card of the dashboard (or ``tickets``: all
        the period's, ``at_risk``: the open tickets whose SLA is at risk or
        breached), for the dashboard's filters."""
        self.browse().check_access("read")
        date_from, date_to, filter_domain = self._cs_dashboard_query(filters)
        if code not in (*kpi.KPI_DEFINITIONS, "tickets", "at_risk"):
            raise UserError(self.env._("Unknown KPI: %(code)s", code=code))
        return self._cs_drill_action(code, filter_domain, date_from, date_to)

    @api.model
    def _cs_drill_action(self, code, filter_domain, date_from, date_to):
        if code == "backlog":
            return self._cs_action(
                self.env._("Backlog by age"), "cs.ticket.report",
                filter_domain & Domain("is_closed", "=", False), {"search_default_group_age": 1},
            )
        if code == "at_risk":
            return self._cs_action(
                self.env._("SLA at risk"), "helpdesk.ticket",
                filter_domain & Domain("cs_sla_status", "in", ["at_risk", "breached"]) & Domain("closed", "=", False),
                views="list,kanban,form",
            )
        period = filter_domain & self._cs_period_domain(date_from, date_to)
        if code == "tickets":
            return self._cs_action(self.env._("Tickets of the period"), "cs.ticket.report", period,
                                   views="pivot,graph,list")
        # The tickets each KPI is computed from (its denominator), grouped by
        # the figure that decides it where there is one. Domains read an
        # empty float as 0: the report's empty durations are told by the
        # conditions that leave them empty.
        with_clocks = Domain("sla_met_clocks", ">", 0) | Domain("sla_breached_clocks", ">", 0)
        scope, group_by = {
            "first_response_minutes": (Domain("ticket_id.cs_first_response_reached", "=", True), None),
            "resolution_hours": (Domain("is_closed", "=", True) & with_clocks, None),
            "fcr_rate": (Domain("is_closed", "=", True), "group_fcr"),
            "repeat_rate": (Domain("is_closed", "=", True), "group_reopened"),
            "csat": (Domain("csat", ">", 0), None),
            "sla_compliance": (with_clocks, "group_sla_breached"),
        }[code]
        return self._cs_action(self._cs_kpi_labels()[code], "cs.ticket.report", period & scope,
                               {f"search_default_{group_by}": 1} if group_by else None)

    def _cs_action(self, name, model, domain, context=None, views="list,pivot,graph"):
        return {"type": "ir.actions.act_window", "name": name, "res_model": model, "view_mode": views,
                "views": [(False, view) for view in views.split(",")],
                "domain": list(domain), "context": context or {}}

    def action_open_tickets(self):
        self.ensure_one()
        return self._cs_drill_action("tickets", self._cs_filter_domain(), self.date_from, self.date_to)

    def action_open_backlog(self):
        self.ensure_one()
        return self._cs_drill_action("backlog", self._cs_filter_domain(), self.date_from, self.date_to)

    def action_open_at_risk(self):
        self.ensure_one()
        return self._cs_drill_action("at_risk", self._cs_filter_domain(), self.date_from, self.date_to)


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
