from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import SQL


class CsKpiMonthlyReview(models.Model):
    """The month a service review was made and mailed for: one row per
    month, claimed by the run that makes it, so that concurrent or repeated
    runs make one PDF and send one mail."""

    _name = "cs.kpi.monthly.review"
    _description = "Monthly Service Review Sent"
    _order = "period desc"
    _rec_name = "period"

    period = fields.Date(required=True, readonly=True, help="First day of the month reviewed.")
    mail_id = fields.Many2one("mail.mail", readonly=True, ondelete="set null")

    _period_unique = models.Constraint("UNIQUE(period)", "The review of a month is made once.")

    @api.model
    def _cs_claim(self, period):
        """This month's row if this transaction created it, else an empty
        recordset (another run made or is making it; it waits for nobody
        after that run commits)."""
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                rows = self.env.execute_query(SQL(
                    """INSERT INTO %s (period, create_uid, create_date, write_uid, write_date)
                       VALUES (%s, %s, NOW() AT TIME ZONE 'UTC', %s, NOW() AT TIME ZONE 'UTC')
                       ON CONFLICT (period) DO NOTHING RETURNING id""",
                    SQL.identifier(self._table), period, self.env.uid, self.env.uid))
        except errors.SerializationFailure:
            # the other run committed the month after this transaction's snapshot
            return self.browse()
        return self.browse([row[0] for row in rows])
