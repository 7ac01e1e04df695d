from unittest.mock import patch

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKnowledgeVotes(HttpCase):
    """"Was this helpful?" cannot be stuffed: one vote per logged-in
    customer (voting again replaces it), anonymous votes counted apart and
    limited per client address and day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.article = cls.env["cs.knowledge.article"].create({
            "name": "Reset your password", "body": "<p>Click reset.</p>", "state": "published",
            "portal_published": True, "is_public": True,
        })
        company = cls.env["res.partner"].create({"name": "Vote Co", "is_company": True})
        contact = cls.env["res.partner"].create({"name": "Vera", "parent_id": company.id, "email": "v@vote.example.com"})
        new_test_user(cls.env, login="cs_voter", password="cs_voter", groups="base.group_portal",
                      partner_id=contact.id)
        cls.contact = contact

    def _vote(self, helpful):
        return self.url_open(f"/help/{self.article.id}/vote",
                             data={"helpful": helpful, "csrf_token": http.Request.csrf_token(self)})

    def _counts(self):
        self.article.invalidate_recordset()
        return self.article.read(["helpful_count", "not_helpful_count"])[0]

    def test_new_anonymous_sessions_do_not_add_votes(self):
        for _session in range(20):
            self.authenticate(None, None)  # a fresh visitor session each time
            self._vote("1")
        self.assertEqual(self._counts()["helpful_count"], 0, "customers' count untouched by visitors")
        self.assertEqual(self.article.anonymous_helpful_count, 1, "one per client address and day")

    def test_a_customer_votes_once_across_sessions(self):
        for _session in range(3):
            self.authenticate("cs_voter", "cs_voter")
            self._vote("1")
        self.assertEqual(self._counts()["helpful_count"], 1)
        self.assertEqual(self.env["cs.knowledge.vote"].search_count([("article_id", "=", self.article.id)]), 1)

    def test_changing_the_vote_replaces_it(self):
        self.authenticate("cs_voter", "cs_voter")
        self._vote("1")
        self._vote("0")
        counts = self._counts()
        self.assertEqual((counts["helpful_count"], counts["not_helpful_count"]), (0, 1))

    def test_anonymous_votes_keep_no_address(self):
        self.authenticate(None, None)
        self._vote("0")
        vote = self.env["cs.knowledge.vote"].search([("article_id", "=", self.article.id)])
        self.assertEqual((len(vote), vote.partner_id, vote.helpful), (1, self.env["res.partner"], False))
        self.assertNotIn("127.0.0.1", vote.client_key)
        self.assertEqual(self.article.anonymous_not_helpful_count, 1)

    def test_a_vote_does_not_lock_the_article_row(self):
        """Every view updates the article row: a vote takes no FOR UPDATE on
        it, it inserts or replaces the vote on its unique index and moves the
        counters by atomic updates."""
        cr = self.env.cr
        execute = type(cr).execute
        queries = []

        def recording_execute(cursor, query, params=None, log_exceptions=True):
            queries.append(str(query.code if hasattr(query, "code") else query))
            return execute(cursor, query, params, log_exceptions)

        Vote = self.env["cs.knowledge.vote"].sudo()
        with patch.object(type(cr), "execute", recording_execute):
            Vote._cs_vote(self.article, True, partner=self.contact)
            Vote._cs_vote(self.article, False, partner=self.contact)
            Vote._cs_vote(self.article, False, partner=self.contact)
        self.assertFalse([q for q in queries if "FOR UPDATE" in q.upper()], "no lock on the article row")
        self.assertTrue([q for q in queries if "ON CONFLICT" in q.upper()])
        self.assertEqual(Vote.search_count([("article_id", "=", self.article.id)]), 1)
        counts = self._counts()
        self.assertEqual((counts["helpful_count"], counts["not_helpful_count"]), (0, 1))
