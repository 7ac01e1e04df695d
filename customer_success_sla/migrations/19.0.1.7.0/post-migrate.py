"""19.0.1.7.0: round-robin resumes from the tickets, not from a team column;
the shipped Core and Standard tiers get their 14 days of hypercare (their
records are noupdate, so the data file does not reach existing databases).
The portal's rule on SLA clocks (noupdate) is brought to what the data file
says now: customers do not see the internal level-engagement clocks.
An SLA commitment is a contract term: upgraded databases get the credit
schedules but no committed compliance, so no statement is issued until an
administrator sets one (new databases ship 95 %).

Before, each team stored the agent it last assigned
(``helpdesk_ticket_team.cs_last_assigned_user_id``), which every new ticket
rewrote. Now the latest ticket assigned by routing carries that agent
(``cs_routed_user_id``): mark each team's latest ticket of its last agent so
that the turn goes on where it was, then drop the old column.
"""

import logging
from pathlib import Path

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


# (tier xmlid, column, value): set where the column is still empty or 0
SHIPPED_TIER_VALUES = [
    ("tier_core", "hypercare_days", 14),
    ("tier_standard", "hypercare_days", 14),
]


def _set_shipped_tier_values(cr):
    for xmlid, column, value in SHIPPED_TIER_VALUES:
        query = SQL(
            """UPDATE cs_tier tier SET %(column)s = %(value)s
                 FROM ir_model_data data
                WHERE data.module = 'customer_success_sla' AND data.model = 'cs.tier'
                  AND data.name = %(xmlid)s AND data.res_id = tier.id
                  AND COALESCE(tier.%(column)s, 0) = 0""",
            column=SQL.identifier(column), value=value, xmlid=xmlid,
        )
        cr.execute(query)


def _update_clock_portal_rule(cr):
    """The rule's domain as data/portal_rules_data.xml defines it (one source)."""
    data = Path(__file__).resolve().parents[2] / "data" / "portal_rules_data.xml"
    domain = etree.parse(str(data)).findtext(".//record[@id='cs_ticket_sla_portal_rule']/field[@name='domain_force']")
    rule = api.Environment(cr, SUPERUSER_ID, {}).ref("customer_success_sla.cs_ticket_sla_portal_rule", False)
    if rule and domain:
        rule.domain_force = domain


def migrate(cr, version):
    _set_shipped_tier_values(cr)
    _update_clock_portal_rule(cr)
    cr.execute("""
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'helpdesk_ticket_team' AND column_name = 'cs_last_assigned_user_id'
    """)
    if not cr.fetchone():
        return
    cr.execute("""
        UPDATE helpdesk_ticket ticket
           SET cs_routed_user_id = team.cs_last_assigned_user_id,
               cs_routed_date = COALESCE(ticket.create_date, now() AT TIME ZONE 'UTC')
          FROM helpdesk_ticket_team team
         WHERE team.cs_last_assigned_user_id IS NOT NULL
           AND ticket.id = (
                SELECT latest.id FROM helpdesk_ticket latest
                 WHERE latest.team_id = team.id AND latest.user_id = team.cs_last_assigned_user_id
                 ORDER BY latest.create_date DESC, latest.id DESC
                 LIMIT 1)
    """)
    _logger.info("round-robin: %s teams resume from their last assigned agent", cr.rowcount)
    cr.execute("ALTER TABLE helpdesk_ticket_team DROP COLUMN cs_last_assigned_user_id")
