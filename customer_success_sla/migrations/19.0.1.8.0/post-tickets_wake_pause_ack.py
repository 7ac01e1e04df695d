"""19.0.1.8.0 (tickets): on existing databases

- the teams wake their waiting tickets on a customer's reply (OCA
  helpdesk_ticket_partner_response, newly a dependency): on, from the pause
  stages of the SLA policies to In Progress, for every team not configured yet;
- tickets whose every open clock is paused read "Paused" (a new SLA status);
- the acknowledgement states the deadline in the customer's time zone
  (``cs_customer_tz``: the contact's, else the company's, else the account's
  support hours'). The template is noupdate: its old time-zone expression is
  replaced in every language, the rest of an administrator's edits are kept.
"""

import logging

from markupsafe import Markup

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

OLD_TZ = "object.partner_id.tz or object.cs_sla_ids[:1].calendar_id.tz or 'UTC'"
NEW_TZ = "object.cs_customer_tz"


def _acknowledgement_time_zone(env):
    template = env.ref("customer_success_sla.mail_template_ticket_acknowledgement", raise_if_not_found=False)
    if not template:
        return
    # every translation of the body, in one write per language
    template_sudo = template.sudo()
    for lang in [code for code, _name in env["res.lang"].get_installed()]:
        # str: Markup.replace would escape the quotes of the expression
        body = str(template_sudo.with_context(lang=lang).body_html or "")
        if OLD_TZ in body:
            template_sudo.with_context(lang=lang).body_html = Markup(body.replace(OLD_TZ, NEW_TZ))
        elif NEW_TZ not in body:
            _logger.info("Acknowledgement template (%s) edited by hand: its time zone left as is.", lang)


def _recompute_paused_tickets(env):
    Ticket = env["helpdesk.ticket"].with_context(active_test=False)
    tickets = Ticket.search([("cs_sla_ids.status", "=", "paused")])
    if tickets:
        env.add_to_compute(Ticket._fields["cs_sla_status"], tickets)
        tickets.flush_recordset(["cs_sla_status"])


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["helpdesk.ticket.team"]._cs_setup_partner_response()
    _recompute_paused_tickets(env)
    _acknowledgement_time_zone(env)
