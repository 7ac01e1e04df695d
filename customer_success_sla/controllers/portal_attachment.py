from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.mail.controllers.attachment import AttachmentController


def _file_size(upload):
    """Size of an uploaded file without reading it into memory."""
    stream = upload.stream
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size


def _portal_attachment_errors(uploads):
    Ticket = request.env["helpdesk.ticket"]
    return [error for upload in uploads if upload.filename
            for error in [Ticket._cs_portal_attachment_error(upload.filename, _file_size(upload))] if error]


class TicketAttachmentPortal(AttachmentController):
    @http.route()
    def mail_attachment_upload(self, ufile, thread_id, thread_model, is_pending=False, **kwargs):
        """Customers' files on a ticket's conversation: size and type are
        checked here, the browser's own checks being easy to bypass."""
        if thread_model == "helpdesk.ticket" and not request.env.user._is_internal():
            errors = _portal_attachment_errors([ufile])
            if errors:
                return request.make_json_response({"error": errors[0]})
        return super().mail_attachment_upload(ufile, thread_id, thread_model, is_pending=is_pending, **kwargs)


class TicketSubmissionAttachments(HelpdeskTicketController):
    @http.route()
    def submit_ticket(self, **kw):
        """Refuse the whole submission when a file is not acceptable, and give
        the customer the form back with what they typed."""
        errors = _portal_attachment_errors(request.httprequest.files.getlist("attachment"))
        if errors:
            values = self._get_create_new_ticket_values(**kw)
            values.update(cs_errors=errors, cs_values=kw)
            return request.render("helpdesk_mgmt.portal_create_ticket", values)
        return super().submit_ticket(**kw)
