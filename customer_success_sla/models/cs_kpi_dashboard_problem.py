from odoo import api, models
from odoo.fields import Domain

from ..engine import kpi


class CsKpiDashboard(models.TransientModel):
    """Problem measures on the KPI board: the problems opened in the period
    (with a ticket of the filters' team, tier or agent when filtered), their
    tickets and accounts, and the mean time to identify and to resolve them,
    against the previous period. Two grouped queries per period."""

    _inherit = "cs.kpi.dashboard"

    @api.model
    def _cs_problem_labels(self):
        return {
            "problems_opened": self.env._("Problems opened"),
            "tickets_per_problem": self.env._("Tickets per problem"),
            "problem_accounts": self.env._("Accounts affected"),
            "problem_identify_hours": self.env._("Mean time to identify"),
            "problem_resolve_hours": self.env._("Mean time to resolve"),
        }

    @api.model
    def _cs_problem_domain(self, filter_domain, date_from, date_to):
        """Problems created in the period; with filters, those with a ticket
        of the filtered team, tier or agent."""
        domain = self._cs_period_domain(date_from, date_to)
        if not Domain(filter_domain).is_true():
            domain &= Domain("ticket_ids", "any", filter_domain)
        return domain

    @api.model
    def _cs_problem_totals(self, filter_domain, date_from, date_to):
        """The totals :func:`engine.kpi.problem_measures` reads, in two
        grouped queries whatever the number of problems."""
        # sudo: managers read the board's figures whatever their ticket rules, as for the backlog
        problem_domain = self._cs_problem_domain(filter_domain, date_from, date_to)
        [(problems, identify_hours, identified, resolve_hours, resolved)] = self.env["cs.problem"].sudo()._read_group(
            problem_domain, [],
            ["__count", "identify_hours:sum", "identified_date:count", "resolve_hours:sum", "resolved_date:count"])
        [(tickets, accounts)] = self.env["helpdesk.ticket"].sudo()._read_group(
            Domain(filter_domain) & Domain("cs_problem_id", "any", problem_domain), [],
            ["__count", "commercial_partner_id:count_distinct"])
        return {"problems": problems, "tickets": tickets, "accounts": accounts, "identified": identified,
                "identify_hours": identify_hours, "resolved": resolved, "resolve_hours": resolve_hours}

    @api.model
    def _cs_problem_figures(self, filter_domain, date_from, date_to):
        """``[{code, name, unit, direction, value, previous, change}]`` in
        the order of :data:`engine.kpi.PROBLEM_MEASURES`."""
        previous_from, previous_to = kpi.previous_period(date_from, date_to)
        current = kpi.problem_measures(self._cs_problem_totals(filter_domain, date_from, date_to))
        previous = kpi.problem_measures(self._cs_problem_totals(filter_domain, previous_from, previous_to))
        labels = self._cs_problem_labels()
        return [{
            "code": code, "name": labels[code], "unit": unit, "direction": direction,
            "value": current[code], "previous": previous[code], "change": kpi.change(current[code], previous[code]),
        } for code, (direction, unit) in kpi.PROBLEM_MEASURES.items()]

    @api.model
    def get_dashboard_data(self, filters=None):
        """Adds ``problems``: the problem measure cards of the period."""
        data = super().get_dashboard_data(filters)
        date_from, date_to, filter_domain = self._cs_dashboard_query(filters)
        data["problems"] = self._cs_problem_figures(filter_domain, date_from, date_to)
        return data

    @api.model
    def get_kpi_action(self, filters, code):
        if code not in kpi.PROBLEM_MEASURES:
            return super().get_kpi_action(filters, code)
        self.browse().check_access("read")
        date_from, date_to, filter_domain = self._cs_dashboard_query(filters)
        problems = self._cs_problem_domain(filter_domain, date_from, date_to)
        name = self._cs_problem_labels()[code]
        if code == "tickets_per_problem":
            tickets = Domain(filter_domain) & Domain("cs_problem_id", "any", problems)
            return self._cs_action(name, "helpdesk.ticket", tickets, {"group_by": ["cs_problem_id"]},
                                   views="list,form")
        if code == "problem_accounts":
            return self._cs_action(name, "cs.problem.account", Domain("problem_id", "any", problems),
                                   {"group_by": ["partner_id"]}, views="list")
        scope = {
            "problem_identify_hours": Domain("identified_date", "!=", False),
            "problem_resolve_hours": Domain("resolved_date", "!=", False),
        }.get(code, Domain.TRUE)
        return self._cs_action(name, "cs.problem", problems & scope, views="list,form")
