from odoo import http
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

    @http.route()
    def submit_ticket(self, **kw):
        """A ticket filed after reading suggested articles was not deflected."""
        response = super().submit_ticket(**kw)
        ticket_id = response.location.rstrip("/").rsplit("/", 1)[-1] if response.location else ""
        if ticket_id.isdigit():
            Deflection = request.env["cs.knowledge.deflection"]
            Deflection._cs_link_ticket(Deflection._cs_session_key(request.session.sid),
                                       request.env["helpdesk.ticket"].sudo().browse(int(ticket_id)))
        return response
