def post_init_hook(env):
    """Tickets already open when the addon is installed get their SLA clocks."""
    env["helpdesk.ticket"]._cs_sla_start_existing()
