import hashlib
import hmac

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

# Counters of the article that a vote moves, by (anonymous, helpful).
COUNTERS = {
    (False, True): "helpful_count",
    (False, False): "not_helpful_count",
    (True, True): "anonymous_helpful_count",
    (True, False): "anonymous_not_helpful_count",
}


class CsKnowledgeVote(models.Model):
    """A "Was this helpful?" answer: one per logged-in customer and article
    (voting again replaces it); visitors who are not logged in get one per
    article, client address and day, stored as a keyed hash of the address
    and the day, never the address itself."""

    _name = "cs.knowledge.vote"
    _description = "Knowledge Article Vote"
    _order = "id desc"

    article_id = fields.Many2one("cs.knowledge.article", string="Article", required=True, readonly=True,
                                 ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, ondelete="cascade",
                                 index="btree_not_null")
    client_key = fields.Char(string="Anonymous Client", readonly=True,
                             help="Keyed hash of the visitor's address and the day of the vote.")
    vote_date = fields.Date(string="Day", required=True, readonly=True, default=fields.Date.context_today)
    helpful = fields.Boolean(readonly=True)

    _one_vote_per_customer = models.UniqueIndex(
        "(article_id, partner_id) WHERE partner_id IS NOT NULL",
        "A customer votes once per article.",
    )
    _one_vote_per_client_and_day = models.UniqueIndex(
        "(article_id, client_key) WHERE partner_id IS NULL",
        "An anonymous visitor votes once per article and day.",
    )
    _voter = models.Constraint(
        "CHECK(partner_id IS NOT NULL OR client_key IS NOT NULL)",
        "A vote comes from a customer or an anonymous visitor.",
    )

    @api.model
    def _cs_client_key(self, address, day):
        """The visitor's address and the day as stored: keyed with the
        database secret, so the address cannot be found back by hashing every
        address."""
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        message = f"{address or ''}|{fields.Date.to_string(day)}".encode()
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:40]

    @api.model
    def _cs_vote(self, article, helpful, partner=None, address=None):
        """Record the vote of ``partner`` (a logged-in customer) or of an
        anonymous visitor at ``address`` and move the article's counters.
        Returns the vote.

        The vote is inserted, or replaces the voter's earlier one, in one
        statement on the unique indexes (concurrent votes of one voter meet
        on the vote row); the counters move by atomic updates. The article
        row, which every view updates, is never locked for the whole vote.
        """
        article.ensure_one()
        helpful = bool(helpful)
        today = fields.Date.context_today(self)
        anonymous = not partner
        if anonymous:
            partner_id, client_key = None, self._cs_client_key(address, today)
            conflict = SQL("(article_id, client_key) WHERE partner_id IS NULL")
            voter = Domain("partner_id", "=", False) & Domain("client_key", "=", client_key)
        else:
            partner_id, client_key = partner.id, None
            conflict = SQL("(article_id, partner_id) WHERE partner_id IS NOT NULL")
            voter = Domain("partner_id", "=", partner_id)
        self.flush_model()
        # xmax = 0: the row was inserted, not updated; no row: the same vote existed
        self.env.cr.execute(SQL(
            """INSERT INTO %(table)s AS vote (article_id, partner_id, client_key, vote_date, helpful,
                                              create_uid, create_date, write_uid, write_date)
               VALUES (%(article)s, %(partner)s, %(key)s, %(day)s, %(helpful)s,
                       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC')
               ON CONFLICT %(conflict)s DO UPDATE
                  SET helpful = EXCLUDED.helpful, vote_date = EXCLUDED.vote_date,
                      write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                WHERE vote.helpful IS DISTINCT FROM EXCLUDED.helpful
               RETURNING vote.id, vote.xmax = 0""",
            table=SQL.identifier(self._table), article=article.id, partner=partner_id, key=client_key,
            day=today, helpful=helpful, uid=self.env.uid, conflict=conflict,
        ))
        row = self.env.cr.fetchone()
        self.invalidate_model()
        if not row:
            return self.search(Domain("article_id", "=", article.id) & voter, limit=1)
        vote_id, inserted = row
        if not inserted:
            article._cs_move_vote_counters(COUNTERS[anonymous, not helpful], -1)
        article._cs_move_vote_counters(COUNTERS[anonymous, helpful], 1)
        return self.browse(vote_id)
