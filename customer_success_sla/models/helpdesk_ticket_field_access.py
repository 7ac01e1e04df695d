from odoo import fields, models

INTERNAL = "base.group_user"


class HelpdeskTicket(models.Model):
    """What customers may not read on their tickets through RPC: agents'
    figures, SLA bookkeeping and the knowledge shown to agents. The portal
    shows the tier, service level, SLA status and deadlines, impact and
    urgency; these fields of the other ticket capabilities stay internal
    (declared here, in one place, so that the list can be checked at a glance)."""

    _inherit = "helpdesk.ticket"

    # KPIs and SLA bookkeeping (helpdesk_ticket_kpi.py, helpdesk_ticket_sla.py)
    cs_agent_reply_count = fields.Integer(groups=INTERNAL)
    cs_first_response_calendar_hours = fields.Float(groups=INTERNAL)
    cs_resolution_calendar_hours = fields.Float(groups=INTERNAL)
    cs_first_response_hours = fields.Float(groups=INTERNAL)
    cs_resolution_hours = fields.Float(groups=INTERNAL)
    cs_sla_breached_count = fields.Integer(groups=INTERNAL)
    cs_sla_met_count = fields.Integer(groups=INTERNAL)
    cs_sla_open_count = fields.Integer(groups=INTERNAL)
    cs_sla_policy_id = fields.Many2one(groups=INTERNAL)
    cs_sla_policy_reason = fields.Char(groups=INTERNAL)
    cs_reopen_count = fields.Integer(groups=INTERNAL)
    # CSAT bookkeeping (helpdesk_ticket_rating.py)
    cs_rating_requested_closing = fields.Integer(groups=INTERNAL)
    # Knowledge for agents (helpdesk_ticket_knowledge.py): SOPs are internal procedures
    cs_sop_article_ids = fields.Many2many(groups=INTERNAL)
    cs_sop_html = fields.Html(groups=INTERNAL)
    cs_suggested_article_ids = fields.Many2many(groups=INTERNAL)
    cs_article_ids = fields.One2many(groups=INTERNAL)
    cs_article_count = fields.Integer(groups=INTERNAL)
