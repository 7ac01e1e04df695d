from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """19.0.1.1.0 adds SLA clocks: open tickets get theirs, counting from now."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["helpdesk.ticket"]._cs_sla_start_existing()
