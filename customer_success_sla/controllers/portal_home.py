from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_title import page_title


class PortalPageTitle(CustomerPortal):
    def _prepare_portal_layout_values(self):
        """Every /my page says in the browser tab that it is the customer's
        account; the pages of this addon and helpdesk_mgmt say more."""
        values = super()._prepare_portal_layout_values()
        values.setdefault("title", page_title(request.env._("My Account")))
        return values
