from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from ..engine import health
from ..engine.sentiment import LEVEL_BOUNDS


class ResPartner(models.Model):
    """Health signal: the share of the account's customer messages on
    tickets, over the last 30 days, that read negative."""

    _inherit = "res.partner"

    def _cs_health_signals(self, today, key_features):
        signals = super()._cs_health_signals(today, key_features)
        since = fields.Datetime.now() - timedelta(days=health.TICKET_RECENT_DAYS)
        self.env.cr.execute(SQL(
            """
            SELECT t.commercial_partner_id, COUNT(*), COUNT(*) FILTER (WHERE m.cs_sentiment_score <= %(negative)s)
              FROM mail_message m
              JOIN helpdesk_ticket t ON m.model = 'helpdesk.ticket' AND m.res_id = t.id
             WHERE t.commercial_partner_id = ANY(%(ids)s) AND t.active
               AND m.date >= %(since)s AND m.cs_sentiment_score IS NOT NULL
          GROUP BY t.commercial_partner_id
            """,
            ids=list(self.ids), since=since, negative=LEVEL_BOUNDS[1],
        ))
        shares = {partner_id: round(100.0 * negative / total, 2) for partner_id, total, negative in self.env.cr.fetchall()}
        for account_id, raws in signals.items():
            raws["negative_messages"] = shares.get(account_id)
        return signals
