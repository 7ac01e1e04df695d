from odoo import models


class CsTicketSla(models.Model):
    """Indexes of the monthly statement queries (cs.sla.statement._cs_figures):
    an account's clocks met in a month, and those due in it and breached (or
    past due, not yet swept). Partial, so that open and paused clocks do not
    weigh on them."""

    _inherit = "cs.ticket.sla"

    _statement_met_idx = models.Index("(partner_id, reached_date) WHERE status = 'met'")
    _statement_breached_idx = models.Index("(partner_id, deadline) WHERE status IN ('breached', 'running')")
