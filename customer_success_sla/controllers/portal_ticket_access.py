from odoo.exceptions import AccessError, MissingError

from odoo.addons.portal.controllers.portal import CustomerPortal

MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id is not one


def portal_ticket(ticket_id, access_token=None):
    """The ticket (sudo) when the visitor may read it or holds its access
    token, the portal's own check; None otherwise or for a bad id."""
    if not str(ticket_id or "").isdigit() or int(ticket_id) > MAX_ID:
        return None
    try:
        return CustomerPortal()._document_check_access("helpdesk.ticket", int(ticket_id), access_token=access_token)
    except (AccessError, MissingError):
        return None
