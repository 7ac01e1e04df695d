from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers.attachment import AttachmentController

from ..engine import portal_files


def _file_size(upload):
    """Size of an uploaded file without reading it into memory."""
    stream = upload.stream
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size


def _file_head(upload):
    """The first bytes of an uploaded file, for its content checks."""
    stream = upload.stream
    position = stream.tell()
    stream.seek(0)
    head = stream.read(portal_files.HEAD_BYTES)
    stream.seek(position)
    return head


def portal_attachment_errors(uploads):
    Ticket = request.env["helpdesk.ticket"]
    return [error for upload in uploads if upload.filename
            for error in [Ticket._cs_portal_attachment_error(upload.filename, _file_size(upload),
                                                             _file_head(upload))] if error]


class TicketAttachmentPortal(AttachmentController):
    @http.route()
    def mail_attachment_upload(self, ufile, thread_id, thread_model, is_pending=False, **kwargs):
        """Customers' files on a ticket's conversation: size, name and
        content are checked here, the browser's own checks being easy to bypass."""
        if thread_model == "helpdesk.ticket" and not request.env.user._is_internal():
            errors = portal_attachment_errors([ufile])
            if errors:
                return request.make_json_response({"error": errors[0]})
        return super().mail_attachment_upload(ufile, thread_id, thread_model, is_pending=is_pending, **kwargs)

