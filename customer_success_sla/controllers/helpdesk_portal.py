from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class CustomerSuccessTicketController(HelpdeskTicketController):
    def _prepare_submit_ticket_vals(self, **kw):
        """Impact and urgency from the portal form; anything outside the
        lists keeps the defaults rather than failing the customer's ticket."""
        vals = super()._prepare_submit_ticket_vals(**kw)
        fields = request.env["helpdesk.ticket"]._fields
        for field_name in ("cs_impact", "cs_urgency"):
            if kw.get(field_name) in dict(fields[field_name].selection):
                vals[field_name] = kw[field_name]
        return vals
