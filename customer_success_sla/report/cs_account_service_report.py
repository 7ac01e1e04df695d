from odoo import api, fields, models

from ..engine import health


class ReportCsAccountService(models.AbstractModel):
    """Figures of the account service report, for the period in ``data``
    (default: last month), read for all the printed accounts at once."""

    _name = "report.customer_success_sla.report_cs_account_service"
    _description = "Account Service Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        if data.get("date_from") and data.get("date_to"):
            date_from, date_to = fields.Date.to_date(data["date_from"]), fields.Date.to_date(data["date_to"])
        else:
            date_from, date_to = health.report_period(fields.Date.context_today(self), "monthly")
        accounts = self.env["res.partner"].browse(docids).commercial_partner_id
        return {
            "doc_ids": accounts.ids,
            "doc_model": "res.partner",
            "docs": accounts,
            "figures": accounts._cs_service_report_values(date_from, date_to),
            "health_labels": dict(self.env["res.partner"]._fields["cs_health_status"]._description_selection(self.env)),
        }
