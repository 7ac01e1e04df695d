from odoo import SUPERUSER_ID, api

PORTAL_TICKET_RULE = """[('commercial_partner_id', '=', user.commercial_partner_id.id)] if (user.partner_id.cs_admin_contact or user.commercial_partner_id.cs_portal_company_view == 'everyone') else ['|', ('partner_id', '=', user.partner_id.id), ('message_partner_ids', 'in', [user.partner_id.id])]"""
PORTAL_CLOCK_RULE = """[('ticket_id.commercial_partner_id', '=', user.commercial_partner_id.id)] if (user.partner_id.cs_admin_contact or user.commercial_partner_id.cs_portal_company_view == 'everyone') else ['|', ('ticket_id.partner_id', '=', user.partner_id.id), ('ticket_id.message_partner_ids', 'in', [user.partner_id.id])]"""


def migrate(cr, version):
    """19.0.1.5.0: the company view of the portal (its data file is noupdate)."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env.ref("helpdesk_mgmt.helpdesk_ticket_rule_portal").domain_force = PORTAL_TICKET_RULE
    env.ref("customer_success_sla.cs_ticket_sla_portal_rule").domain_force = PORTAL_CLOCK_RULE
