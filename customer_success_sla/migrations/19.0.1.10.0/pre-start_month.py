"""19.0.1.10.0 (SLA Analysis at scale): ``cs.ticket.sla.start_month`` is new,
the month each clock started in, in its support hours' time zone. It is
filled here by one UPDATE from the clocks' calendars, before the ORM would
compute it clock by clock (millions on a large helpdesk: hours)."""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE cs_ticket_sla ADD COLUMN IF NOT EXISTS start_month date")
    cr.execute(
        """
        WITH zone AS (
            -- a time zone PostgreSQL does not know counts as UTC
            SELECT calendar.id, COALESCE(known.name, 'UTC') AS name
              FROM resource_calendar calendar
         LEFT JOIN pg_timezone_names known ON known.name = calendar.tz
        )
        UPDATE cs_ticket_sla clock
           SET start_month = date_trunc('month', timezone(zone.name, timezone('UTC', clock.start_date)))::date
          FROM zone
         WHERE zone.id = clock.calendar_id AND clock.start_month IS NULL
        """
    )
    _logger.info("cs.ticket.sla.start_month: %s clocks dated", cr.rowcount)
