"""19.0.1.7.0: round-robin resumes from the tickets, not from a team column;
the shipped Core and Standard tiers get their 14 days of hypercare (their
records are noupdate, so the data file does not reach existing databases).

Before, each team stored the agent it last assigned
(``helpdesk_ticket_team.cs_last_assigned_user_id``), which every new ticket
rewrote. Now the latest ticket assigned by routing carries that agent
(``cs_routed_user_id``): mark each team's latest ticket of its last agent so
that the turn goes on where it was, then drop the old column.
"""

import logging

_logger = logging.getLogger(__name__)


HYPERCARE_DAYS = {"tier_core": 14, "tier_standard": 14}


def _set_hypercare_days(cr):
    for xmlid, days in HYPERCARE_DAYS.items():
        cr.execute("""
            UPDATE cs_tier tier SET hypercare_days = %s
              FROM ir_model_data data
             WHERE data.module = 'customer_success_sla' AND data.model = 'cs.tier'
               AND data.name = %s AND data.res_id = tier.id AND COALESCE(tier.hypercare_days, 0) = 0
        """, [days, xmlid])


def migrate(cr, version):
    _set_hypercare_days(cr)
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
