from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty


class CsProblem(models.Model):
    """A known problem told in the help centre: one article per problem,
    made from its customer summary and workaround (never its internal
    description), written again each time it is published."""

    _inherit = "cs.problem"

    workaround = fields.Html(
        translate=True,
        help="What customers can do meanwhile; shown in the known-problem article of the help centre.")
    knowledge_article_id = fields.Many2one(
        "cs.knowledge.article", string="Known-Problem Article", readonly=True, copy=False,
        index="btree_not_null", ondelete="set null")

    def action_publish_known_problem_article(self):
        """Create (or update) the problem's help-centre article and publish it
        on the portal for every customer. Refused without a customer summary."""
        self.ensure_one()
        if is_html_empty(self.customer_summary):
            raise UserError(self.env._(
                "Write the customer summary of problem “%(problem)s” first: the known-problem article "
                "is made from it, never from the internal description.", problem=self.name))
        tag = self.env.ref("customer_success_sla.cs_knowledge_tag_known_problem", raise_if_not_found=False)
        categories = self.env["helpdesk.ticket"].sudo()._read_group(
            [("cs_problem_id", "=", self.id), ("category_id", "!=", False)], ["category_id"])
        vals = {
            "name": self.name,
            "body": self._cs_known_problem_body(),
            "state": "published",
            "active": True,
            "is_sop": False,
            "portal_published": True,
            "tier_ids": [fields.Command.clear()],
            "category_ids": [fields.Command.link(category.id) for (category,) in categories],
        }
        if tag:
            vals["tag_ids"] = [fields.Command.link(tag.id)]
        article = self.knowledge_article_id.with_context(active_test=False)
        if article.exists():
            article.write(vals)
            self.message_post(body=self.env._("Known-problem article updated."))
        else:
            self.knowledge_article_id = article = self.env["cs.knowledge.article"].create(vals)
            self.message_post(body=self.env._("Known-problem article published."))
        return self.action_view_known_problem_article()

    def action_view_known_problem_article(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "cs.knowledge.article",
            "res_id": self.knowledge_article_id.id, "view_mode": "form", "views": [(False, "form")],
        }

    def _cs_known_problem_section(self, lang=None):
        """The article's text in ``lang`` (default: the reader's): the
        status, the customer summary and the workaround."""
        problem = self.with_context(lang=lang) if lang else self
        states = dict(problem._fields["state"]._description_selection(problem.env))
        parts = [
            Markup("<p><strong>%s</strong> %s</p>") % (
                problem.env._("Status:"), states.get(problem.state, problem.state)),
            Markup(problem.customer_summary or ""),
        ]
        if not is_html_empty(problem.workaround):
            parts += [Markup("<h3>%s</h3>") % problem.env._("Workaround"), Markup(problem.workaround)]
        return Markup("").join(parts)

    def _cs_known_problem_body(self):
        """The article body: the text in the publisher's language, then one
        section per other installed language whose summary is translated
        (the article model has one body for every reader)."""
        self.ensure_one()
        main_lang = self.env.lang or "en_US"
        body = [self._cs_known_problem_section()]
        seen = {self.customer_summary or ""}
        for code, name in self.env["res.lang"].get_installed():
            if code == main_lang:
                continue
            summary = self.with_context(lang=code).customer_summary or ""
            if is_html_empty(summary) or summary in seen:
                continue
            seen.add(summary)
            body.append(Markup('<hr/><div lang="%s"><h2>%s</h2>%s</div>') % (
                code.replace("_", "-"), name, self._cs_known_problem_section(code)))
        return Markup("").join(body)
