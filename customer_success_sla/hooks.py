def _set_rating_request_on_done_stage(env):
    """Closing in Done asks for a rating, unless the stage already has a template."""
    stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done", raise_if_not_found=False)
    template = env.ref("helpdesk_mgmt_rating.rating_ticket_email_template", raise_if_not_found=False)
    if stage and template and not stage.rating_mail_template_id:
        stage.rating_mail_template_id = template


def post_init_hook(env):
    """Tickets already open when the addon is installed get their SLA clocks."""
    env["helpdesk.ticket"]._cs_sla_start_existing()
    _set_rating_request_on_done_stage(env)
