from werkzeug.exceptions import NotFound

from odoo import http
from odoo.fields import Domain
from odoo.http import request

from ..engine import knowledge
from .portal_title import page_title

HELP_PAGE_SIZE = 20
SUGGESTIONS_WHILE_TYPING = 5


class KnowledgePortal(http.Controller):
    """The help centre: search, categories and article pages on the portal.

    Logged-in users read articles with their own rights (record rules keep
    portal customers to the articles published for their tier); visitors
    who are not logged in read, through sudo, only articles marked public
    for every tier."""

    def _articles(self):
        return request.env["cs.knowledge.article"]._cs_for_reader()

    def _find_article(self, article_id):
        """The article when this visitor may read it, else 404, whether it
        exists or not (no hint that another tier's article exists)."""
        Article, domain = self._articles()
        article = Article.search(domain & Domain([("id", "=", article_id), ("state", "=", "published")]), limit=1)
        if not article:
            raise NotFound()
        return article

    def _portal_categories(self, domain=Domain.TRUE):
        """The categories the help centre names: those shown on the portal,
        of the visitor's company or shared."""
        # sudo: visitors may not read categories; the domain keeps them to the portal's
        return request.env["helpdesk.ticket.category"].sudo().search(domain & Domain([
            ("show_in_portal", "=", True), ("company_id", "in", [False, request.env.company.id])]))

    def _find_category(self, category_id):
        """The category when the portal shows it to this visitor, else 404,
        whether it exists or not."""
        category = self._portal_categories(Domain("id", "=", category_id))
        if not category:
            raise NotFound()
        return category

    def _session_key(self):
        return request.env["cs.knowledge.deflection"]._cs_session_key(request.session.sid)

    # readonly: served by a read replica when the server has one; the article
    # page counts views (and deflections), so it stays on the primary
    @http.route(["/help", "/help/category/<int:category_id>"], type="http", auth="public", website=True,
                sitemap=False, readonly=True)
    def help_centre(self, search="", category_id=None, **kw):
        Article, readable = self._articles()
        search = knowledge.clean_query(search)
        category = request.env["helpdesk.ticket.category"]
        domain = readable
        if category_id is not None:
            category = self._find_category(category_id)
            domain &= Domain("category_ids", "in", category.ids)
        if search:
            articles = Article._cs_suggest(search, HELP_PAGE_SIZE, domain=domain)
        else:
            articles = Article.search(domain & Domain("state", "=", "published"), limit=HELP_PAGE_SIZE,
                                      order="helpful_count desc, view_count desc, id desc")
        # every category stays listed while one is open, to move to another
        counts = Article._read_group(readable & Domain("state", "=", "published"), ["category_ids"], ["__count"])
        shown = set(self._portal_categories(Domain("id", "in", [cat.id for cat, _count in counts if cat])).ids)
        categories = [(cat.sudo(), count) for cat, count in counts if cat.id in shown]
        help_centre = request.env._("Help Centre")
        return request.render("customer_success_sla.help_centre", {
            "articles": articles, "search": search, "category": category, "categories": categories,
            "page_name": "help", "title": page_title(search or category.complete_name, help_centre),
        })

    @http.route("/help/<int:article_id>", type="http", auth="public", website=True, sitemap=False)
    def help_article(self, article_id, src=None, q="", **kw):
        article = self._find_article(article_id)
        # sudo: counting a view is not an edit of the article
        article.sudo()._cs_register_view()
        # deflection: a customer writing a ticket (the form needs a login) opened a suggestion
        if src == "ticket" and not request.env.user._is_public():
            request.env["cs.knowledge.deflection"].sudo().create({
                "query": knowledge.clean_query(q, max_chars=100).lower(),
                "article_id": article.id,
                "partner_id": request.env.user.partner_id.id,
                "session_key": self._session_key(),
            })
        voted = article.id in request.session.get("cs_kb_votes", [])
        return request.render("customer_success_sla.help_article", {
            "article": article, "voted": voted, "page_name": "help",
            "title": page_title(article.name, request.env._("Help Centre")),
        })

    @http.route("/help/<int:article_id>/vote", type="http", auth="public", methods=["POST"], website=True,
                csrf=True, sitemap=False)
    def help_vote(self, article_id, helpful="1", **kw):
        """One vote per logged-in customer (voting again replaces it); one per
        client address and day for visitors who are not logged in, whatever
        their sessions."""
        article = self._find_article(article_id)
        user = request.env.user
        # sudo: a vote is recorded and counted; neither votes nor the article are editable by visitors
        request.env["cs.knowledge.vote"].sudo()._cs_vote(
            article.sudo(), helpful == "1",
            partner=None if user._is_public() else user.partner_id,
            address=request.httprequest.remote_addr,
        )
        votes = request.session.get("cs_kb_votes", [])
        if article.id not in votes:
            request.session["cs_kb_votes"] = votes + [article.id]
        return request.redirect(f"{article._cs_help_url()}?voted=1")

    @http.route("/help/suggest", type="http", auth="public", methods=["GET"], website=True, sitemap=False,
                readonly=True)
    def help_suggest(self, q="", **kw):
        """Suggestions while a customer writes a ticket (JSON)."""
        Article, domain = self._articles()
        articles = Article._cs_suggest(q, SUGGESTIONS_WHILE_TYPING, domain=domain)
        return request.make_json_response([
            {"id": a.id, "name": a.name, "url": a._cs_help_url()} for a in articles
        ])
