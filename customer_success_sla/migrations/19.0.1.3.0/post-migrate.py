from odoo import SUPERUSER_ID, api

from odoo.addons.customer_success_sla.hooks import _set_rating_request_on_done_stage


def migrate(cr, version):
    """19.0.1.3.0 adds CSAT: closing in Done asks for a rating."""
    if version:
        _set_rating_request_on_done_stage(api.Environment(cr, SUPERUSER_ID, {}))
