from odoo import api, models

from ..models.cs_kpi_dashboard import FILTER_FIELDS


class ReportCsMonthlyReview(models.AbstractModel):
    """The monthly service review: of board records (the monthly mail), or,
    from the KPI dashboard, of its period and filters given as the report's
    ``data`` (the dashboard's filters: ``period``, ``date_from``,
    ``date_to``, ``team_id``, ``cs_tier_id``, ``user_id``).

    The preview from the dashboard builds its board in memory: it writes
    nothing, so ``/report/html`` (a read-only route) renders it on a read
    replica when the server has one."""

    _name = "report.customer_success_sla.report_cs_monthly_review"
    _description = "Monthly Service Review"

    @api.model
    def _get_report_values(self, docids, data=None):
        Board = self.env["cs.kpi.dashboard"]
        if docids:
            boards = Board.browse(docids)
            boards.check_access("read")
        else:
            Board.browse().check_access("read")
            # checks the period and the filters
            date_from, date_to, _domain = Board._cs_dashboard_query(data)
            boards = Board.new({
                "date_from": date_from, "date_to": date_to,
                **{name: (data or {}).get(name) or False for name in FILTER_FIELDS},
            })
        return {"doc_ids": boards.ids, "doc_model": Board._name, "docs": boards}
