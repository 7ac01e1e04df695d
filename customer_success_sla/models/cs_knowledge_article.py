import lxml.html

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, html2plaintext

from ..engine import knowledge

# Fields whose text goes into the full-text index.
INDEXED_FIELDS = ("name", "body", "tag_ids")
# Share of a query's trigrams found in a title for a typo-tolerant match.
TRIGRAM_THRESHOLD = 0.4


class CsKnowledgeArticle(models.Model):
    """A knowledge article or an internal procedure (SOP): written by agents,
    often from a solved ticket, published after a manager's review, found by
    full-text search in Chinese, English and mixed text.

    The search index lives in the ``search_vector`` column (a tsvector, not
    an ORM field): title weighted A, tags C, body B, built from jieba-segmented
    tokens and stemmed by PostgreSQL's ``english`` configuration; a trigram
    index on the title catches typos."""

    _name = "cs.knowledge.article"
    _description = "Knowledge Article"
    _inherit = ["mail.thread"]
    _order = "is_sop desc, helpful_count desc, id desc"

    name = fields.Char(string="Title", required=True, tracking=True)
    body = fields.Html(sanitize=True, sanitize_attributes=True, sanitize_form=True)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published")],
        default="draft", required=True, tracking=True, index=True,
    )
    active = fields.Boolean(default=True, tracking=True)
    is_sop = fields.Boolean(
        string="Internal Procedure (SOP)", tracking=True,
        help="A step-by-step procedure for agents, shown on the tickets of its categories; never on the portal.",
    )
    portal_published = fields.Boolean(
        string="On the Portal", tracking=True,
        help="Published articles marked so are shown to portal customers of the article's tiers.",
    )
    is_public = fields.Boolean(
        string="Public", tracking=True,
        help="Readable in the help centre without logging in (needs 'On the Portal' and no tier restriction).",
    )
    tier_ids = fields.Many2many(
        "cs.tier", string="Tiers", tracking=True,
        help="Customers of these tiers see the article on the portal; empty: every customer.",
    )
    tag_ids = fields.Many2many("cs.knowledge.tag", string="Tags")
    category_ids = fields.Many2many(
        "helpdesk.ticket.category", string="Ticket Categories",
        help="Ticket categories this article answers.",
    )
    # base.group_user: portal users read published articles, not the ticket behind them
    source_ticket_id = fields.Many2one("helpdesk.ticket", string="Source Ticket", index="btree_not_null",
                                       ondelete="set null", tracking=True, groups="base.group_user")
    reviewer_id = fields.Many2one("res.users", string="Published By", readonly=True, copy=False,
                                  groups="base.group_user")
    published_date = fields.Datetime(readonly=True, copy=False)
    helpful_count = fields.Integer(string="Helpful", default=0, readonly=True, copy=False)
    not_helpful_count = fields.Integer(string="Not Helpful", default=0, readonly=True, copy=False)
    anonymous_helpful_count = fields.Integer(
        string="Helpful (Anonymous)", default=0, readonly=True, copy=False,
        help="Visitors who were not logged in: one vote per article, address and day.")
    anonymous_not_helpful_count = fields.Integer(
        string="Not Helpful (Anonymous)", default=0, readonly=True, copy=False)
    view_count = fields.Integer(string="Views", default=0, readonly=True, copy=False)
    summary = fields.Char(compute="_compute_summary")

    def init(self):
        cr = self.env.cr
        cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cr.execute(f"ALTER TABLE {self._table} ADD COLUMN IF NOT EXISTS search_vector tsvector")
        cr.execute(f"CREATE INDEX IF NOT EXISTS {self._table}_search_vector_idx "
                   f"ON {self._table} USING gin (search_vector)")
        cr.execute(f"CREATE INDEX IF NOT EXISTS {self._table}_name_trgm_idx "
                   f"ON {self._table} USING gin (name gin_trgm_ops)")

    @api.depends("body")
    def _compute_summary(self):
        for article in self:
            article.summary = knowledge.summary_text(
                " ".join(lxml.html.fromstring(article.body).itertext()) if article.body else "")

    @api.constrains("state", "name", "body")
    def _check_publishable(self):
        for article in self.filtered(lambda a: a.state == "published"):
            if not (article.name or "").strip() or not html2plaintext(article.body or "").strip():
                raise ValidationError(self.env._(
                    "An article needs a title and a body before it is published: %(name)s",
                    name=article.name or self.env._("(untitled)")))

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("state") == "published" for vals in vals_list):
            self._cs_check_can_publish()
        vals_list = [{**vals, **self._cs_publication_stamp()} if vals.get("state") == "published" else vals
                     for vals in vals_list]
        articles = super().create(vals_list)
        articles._cs_update_search_vector()
        articles.sudo().source_ticket_id._cs_close_solved_by_customer()
        return articles

    def write(self, vals):
        if vals.get("state") == "published":
            self._cs_check_can_publish()
            vals = {**vals, **self._cs_publication_stamp()}
        result = super().write(vals)
        if vals.get("source_ticket_id"):
            self.sudo().source_ticket_id._cs_close_solved_by_customer()
        if any(name in vals for name in INDEXED_FIELDS):
            self._cs_update_search_vector()
        return result

    def _cs_publication_stamp(self):
        return {"reviewer_id": self.env.uid, "published_date": fields.Datetime.now()}

    def _cs_check_can_publish(self):
        if not self.env.su and not self.env.user.has_group("customer_success_sla.group_cs_manager"):
            raise AccessError(self.env._("Only customer success managers publish knowledge articles."))

    def _register_hook(self):
        """Load jieba's dictionary (about a second) with the registry of a
        database that speaks Chinese: with ``--workers`` the server loads the
        registry before it forks, so each worker starts with it instead of
        stalling on its first request that reads Chinese."""
        super()._register_hook()
        if self.env["res.lang"].search_count([("code", "=like", "zh_%")], limit=1):
            knowledge.preload_segmenter()

    # Actions -----------------------------------------------------------

    def action_publish(self):
        self.write({"state": "published"})

    def action_unpublish(self):
        self.write({"state": "draft"})

    def action_open_help_page(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self._cs_help_url(), "target": "new"}

    # Business methods ---------------------------------------------------

    @api.model
    def _cs_for_reader(self):
        """The article model as the current user may read it on the portal,
        and the domain to respect: visitors who are not logged in read, with
        sudo, only public articles for every tier; portal customers read with
        their own rights (record rules: their tier); internal users get the
        articles published on the portal."""
        user = self.env.user
        if user._is_public():
            # sudo: visitors have no access rights; the domain keeps them to public articles
            return self.sudo(), Domain([
                ("is_public", "=", True), ("portal_published", "=", True), ("is_sop", "=", False),
                ("tier_ids", "=", False),
            ])
        if user._is_internal():
            return self, Domain([("portal_published", "=", True), ("is_sop", "=", False)])
        return self, Domain.TRUE

    def _cs_help_url(self):
        self.ensure_one()
        return f"/help/{self.id}"

    def _cs_update_search_vector(self):
        """Rebuild the full-text vector of these articles in one query."""
        if not self.ids:
            return
        rows = [
            (
                article.id,
                knowledge.index_text(article.name),
                knowledge.index_text(" ".join(article.tag_ids.mapped("name"))),
                knowledge.index_text(html2plaintext(article.body or "")),
            )
            for article in self
        ]
        ids, titles, tags, bodies = (list(column) for column in zip(*rows))
        self.env.cr.execute(SQL(
            """
            UPDATE %(table)s AS article
               SET search_vector = setweight(to_tsvector('english', v.title), 'A')
                                || setweight(to_tsvector('english', v.tags), 'C')
                                || setweight(to_tsvector('english', v.body), 'B')
              FROM unnest(%(ids)s::int[], %(titles)s::text[], %(tags)s::text[], %(bodies)s::text[])
                   AS v(id, title, tags, body)
             WHERE article.id = v.id
            """,
            table=SQL.identifier(self._table), ids=ids, titles=titles, tags=tags, bodies=bodies,
        ))

    @api.model
    def _cs_suggest(self, text, limit=5, domain=None):
        """The published articles that best answer ``text``, best first.

        One query when articles contain every word of ``text`` (of one of its
        scripts, for mixed Chinese and English text: selective, served by the
        GIN index, ranked with the title above the body);
        otherwise a second one, in one round trip, adds articles with all the
        words but one (or any word) and, when still short, typo-tolerant
        trigram matches on titles. Both go through ``_search``, so record
        rules apply: portal users only get the articles published for their
        tier.
        """
        limit = knowledge.bound_limit(limit)
        tokens = knowledge.query_tokens(text)
        if not tokens:
            return self.browse()
        base = Domain("state", "=", "published") & Domain(domain or Domain.TRUE)
        every_word = self.env.execute_query(
            self._cs_fulltext_query(base, knowledge.grouped_tsquery_text(tokens), limit))
        if len(every_word) >= limit:
            return self.browse(knowledge.merge_ranked(every_word, limit=limit))
        found = Domain("id", "not in", [row[0] for row in every_word])
        missing = limit - len(every_word)
        relaxed = self._cs_fulltext_query(base & found, knowledge.relaxed_tsquery_text(tokens), missing, kind=1) \
            if len(tokens) > 1 else SQL("SELECT 0, 0.0, 1 WHERE false")
        trigram = self._cs_trigram_query(base & found, knowledge.clean_query(text), missing, kind=2)
        rows = self.env.execute_query(SQL(
            # the similarity threshold holds for this transaction only; the
            # trigram scan runs only when the relaxed full-text one is short
            """SELECT set_config('pg_trgm.word_similarity_threshold', %s, true);
               WITH relaxed AS (%s)
               SELECT * FROM relaxed
               UNION ALL
               SELECT * FROM (%s) AS trigram WHERE (SELECT count(*) FROM relaxed) < %s""",
            str(TRIGRAM_THRESHOLD), relaxed, trigram, missing,
        ))
        any_word = [(row[0], row[1]) for row in rows if row[2] == 1]
        trigram = [(row[0], row[1]) for row in rows if row[2] == 2]
        return self.browse(knowledge.merge_ranked(every_word, any_word, trigram, limit=limit))

    def _cs_fulltext_query(self, domain, tsquery_text, limit, kind=0):
        """SELECT id, rank, kind of the articles matching ``tsquery_text``, best first."""
        table = self._table
        query = self._search(domain)
        vector = SQL.identifier(table, "search_vector")
        tsquery = SQL("to_tsquery('english', %s)", tsquery_text)
        query.add_where(SQL("%s @@ %s", vector, tsquery))
        query.order = SQL("2 DESC, 1 DESC")
        query.limit = limit
        return query.select(
            SQL.identifier(table, "id"),
            SQL("ts_rank(%s, %s, 1) * (1 + 0.05 * ln(1 + COALESCE(%s, 0)))",
                vector, tsquery, self._field_to_sql(table, "helpful_count", query)),
            SQL("%s", kind),
        )

    def _cs_trigram_query(self, domain, phrase, limit, kind=0):
        """SELECT id, similarity, kind of the articles whose title contains
        something close to ``phrase`` (typos), most similar first."""
        table = self._table
        query = self._search(domain)
        name = self._field_to_sql(table, "name", query)
        query.add_where(SQL("%s <%% %s", phrase, name))
        query.order = SQL("2 DESC, 1 DESC")
        query.limit = limit
        return query.select(SQL.identifier(table, "id"), SQL("word_similarity(%s, %s)", phrase, name),
                            SQL("%s", kind))

    def _cs_register_view(self):
        """Count a view without a write conflict between concurrent readers."""
        if self.ids:
            self.env.cr.execute(SQL("UPDATE %s SET view_count = COALESCE(view_count, 0) + 1 WHERE id IN %s",
                                    SQL.identifier(self._table), tuple(self.ids)))
            self.invalidate_recordset(["view_count"])

    def _cs_move_vote_counters(self, column, delta):
        """Add ``delta`` to a vote counter in SQL: concurrent votes add up."""
        if self.ids:
            self.env.cr.execute(SQL("UPDATE %s SET %s = GREATEST(COALESCE(%s, 0) + %s, 0) WHERE id IN %s",
                                    SQL.identifier(self._table), SQL.identifier(column),
                                    SQL.identifier(column), delta, tuple(self.ids)))
            self.invalidate_recordset([column])

    def action_cs_reply_with_article(self):
        """From the ticket form: answer the customer with a link to this article."""
        self.ensure_one()
        ticket = self.env["helpdesk.ticket"].browse(self.env.context.get("cs_ticket_id")).exists()
        if not ticket:
            raise UserError(self.env._("Open this article from a ticket to insert it in a reply."))
        return ticket._cs_reply_with_article_action(self)
