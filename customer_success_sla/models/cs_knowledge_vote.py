import hashlib
import hmac

from odoo import api, fields, models
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
        anonymous visitor at ``address`` and move the article's counters
        atomically. Returns the vote."""
        article.ensure_one()
        helpful = bool(helpful)
        today = fields.Date.context_today(self)
        if partner:
            key = {"partner_id": partner.id}
        else:
            key = {"partner_id": False, "client_key": self._cs_client_key(address, today)}
        # Lock the article row: concurrent votes on it wait, so the existing
        # vote (or its absence) read next is the one the update applies to.
        self.env.cr.execute(SQL("SELECT id FROM %s WHERE id = %s FOR UPDATE",
                                SQL.identifier(article._table), article.id))
        domain = [("article_id", "=", article.id)] + [(name, "=", value) for name, value in key.items()]
        vote = self.search(domain, limit=1)
        anonymous = not partner
        if vote and vote.helpful == helpful:
            return vote
        if vote:
            vote.write({"helpful": helpful, "vote_date": today})
            article._cs_move_vote_counters(COUNTERS[anonymous, not helpful], -1)
        else:
            vote = self.create({"article_id": article.id, "helpful": helpful, "vote_date": today, **key})
        article._cs_move_vote_counters(COUNTERS[anonymous, helpful], 1)
        return vote
