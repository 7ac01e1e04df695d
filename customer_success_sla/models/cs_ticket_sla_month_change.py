from odoo import fields, models


class CsTicketSlaMonthChange(models.Model):
    """A month whose clocks changed since it was counted in
    ``cs.ticket.sla.month``: SLA Analysis reads that month from the clocks
    until the next refresh counts it again. One row per change, so that a
    refresh removes only the changes it has seen."""

    _name = "cs.ticket.sla.month.change"
    _description = "SLA Clocks per Month: Changed Month"
    _log_access = False

    start_month = fields.Date(string="Month", required=True, index=True)
