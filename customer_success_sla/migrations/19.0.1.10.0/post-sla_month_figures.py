"""19.0.1.10.0 (SLA Analysis at scale): count every month of clocks once
into ``cs.ticket.sla.month``; from now on the changed months are counted
again by the scheduled action."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["cs.ticket.sla.month"]._cs_rebuild()
