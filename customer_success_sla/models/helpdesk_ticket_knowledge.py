from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

SUGGESTIONS_ON_TICKET = 5
ACK_SUGGESTIONS = 3


class HelpdeskTicket(models.Model):
    """Tickets and the knowledge base: articles grown from solved tickets,
    suggestions for the agent's reply, SOPs of the ticket's category."""

    _inherit = "helpdesk.ticket"

    cs_article_ids = fields.One2many("cs.knowledge.article", "source_ticket_id", string="Knowledge Articles")
    cs_article_count = fields.Integer(string="Articles", compute="_compute_cs_article_count")
    cs_requires_article = fields.Boolean(related="category_id.cs_requires_article")
    cs_suggested_article_ids = fields.Many2many(
        "cs.knowledge.article", string="Suggested Articles", compute="_compute_cs_suggested_article_ids",
        help="Published portal articles that best match the ticket's subject and description.",
    )
    cs_sop_article_ids = fields.Many2many(
        "cs.knowledge.article", string="Procedures (SOP)", compute="_compute_cs_sop_article_ids",
    )
    cs_ack_article_ids = fields.Many2many(
        "cs.knowledge.article", string="Articles for the Customer", compute="_compute_cs_ack_article_ids",
        help="Portal articles of the customer's tier that match the ticket, offered in the acknowledgement mail.",
    )
    cs_sop_html = fields.Html(string="Procedures", compute="_compute_cs_sop_article_ids", sanitize=False)

    def _compute_cs_article_count(self):
        counts = dict(self.env["cs.knowledge.article"]._read_group(
            [("source_ticket_id", "in", self.ids)], ["source_ticket_id"], ["__count"]))
        for ticket in self:
            ticket.cs_article_count = counts.get(ticket, 0)

    @api.depends("name", "description")
    def _compute_cs_suggested_article_ids(self):
        # a form shows one ticket: one or two queries for it
        Article = self.env["cs.knowledge.article"]
        for ticket in self:
            text = f"{ticket.name or ''} {html2plaintext(ticket.description or '')}"
            ticket.cs_suggested_article_ids = Article._cs_suggest(
                text, SUGGESTIONS_ON_TICKET, domain=[("portal_published", "=", True), ("is_sop", "=", False)])

    @api.depends("name", "description", "cs_tier_id")
    def _compute_cs_ack_article_ids(self):
        # sudo: the mail goes to the customer; the domain keeps to what their tier may read
        Article = self.env["cs.knowledge.article"].sudo()
        for ticket in self:
            text = f"{ticket.name or ''} {html2plaintext(ticket.description or '')}"
            ticket.cs_ack_article_ids = Article._cs_suggest(text, ACK_SUGGESTIONS, domain=[
                ("portal_published", "=", True), ("is_sop", "=", False),
                "|", ("tier_ids", "=", False), ("tier_ids", "in", ticket.cs_tier_id.ids),
            ])

    @api.depends("category_id")
    def _compute_cs_sop_article_ids(self):
        sops = self.env["cs.knowledge.article"].search([
            ("is_sop", "=", True), ("state", "=", "published"), ("category_ids", "in", self.category_id.ids),
        ]) if self.category_id else self.env["cs.knowledge.article"]
        for ticket in self:
            mine = sops.filtered(lambda sop: ticket.category_id in sop.category_ids)
            ticket.cs_sop_article_ids = mine
            ticket.cs_sop_html = Markup("").join(
                Markup("<h5>%s</h5>%s") % (sop.name, sop.body or "") for sop in mine
            ) or False

    def write(self, vals):
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed:
                self._cs_check_required_article(stage)
        return super().write(vals)

    def _cs_missing_article(self):
        """The tickets whose category requires a knowledge article they do not have yet."""
        return self.filtered(lambda t: t.category_id.cs_requires_article and not t.sudo().cs_article_ids)

    def _cs_check_required_article(self, stage):
        """Solving (not cancelling) a ticket whose category requires an article needs the article."""
        missing = self._cs_missing_article().filtered(
            lambda t: not t.stage_id.closed and t._cs_is_solution_stage(stage))
        if missing:
            raise UserError(self.env._(
                "Create a knowledge article from these tickets before closing them (their category requires "
                "one): %(tickets)s", tickets=", ".join(missing.mapped("display_name"))))

    def _cs_ask_for_article(self):
        """The customer confirmed the solution of tickets that need an article
        before they close: a note and a to-do for the assigned agent (else
        the team leader); the article, once written, closes the ticket."""
        summary = self.env._("Write the knowledge article: the customer confirmed the solution")
        note = self.env._("The customer confirmed on the portal that the problem is solved. This ticket's "
                          "category requires a knowledge article: create it from the ticket (Create Article) "
                          "and the ticket closes.")
        for ticket in self:
            ticket.message_post(body=note, message_type="comment", subtype_xmlid="mail.mt_note",
                                author_id=self.env.ref("base.partner_root").id)
            user = ticket.user_id or ticket.team_id.user_id
            if user:
                ticket.activity_schedule("customer_success_sla.mail_activity_type_write_article",
                                         summary=summary, note=note, user_id=user.id)

    def _cs_close_solved_by_customer(self):
        """Articles were written: the tickets the customer already confirmed
        close now, and the agents' to-do is done."""
        ready = self.filtered(lambda t: t.cs_customer_solved_date and not t.stage_id.closed)
        ready = ready - ready._cs_missing_article()
        # sudo: closing follows from the customer's confirmation, whoever wrote the article
        ready.sudo()._cs_close_as_solved()
        activity_type = self.env.ref("customer_success_sla.mail_activity_type_write_article")
        ready.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type).action_feedback(
            feedback=self.env._("Knowledge article written."))

    def _cs_agent_answers(self):
        """The customer-visible messages that internal users posted: the solution."""
        self.ensure_one()
        comment = self.env.ref("mail.mt_comment")
        return self.message_ids.filtered(
            lambda m: m.message_type == "comment" and m.subtype_id == comment
            and m.author_id.user_ids and not m.author_id.user_ids[:1].share
        ).sorted("id")

    def _cs_article_values(self):
        self.ensure_one()
        answers = self._cs_agent_answers()
        solution = Markup("").join(Markup("<div>%s</div>") % message.body for message in answers) \
            or Markup("<p>%s</p>") % self.env._("Describe the solution.")
        body = Markup("<h3>%s</h3>%s<h3>%s</h3>%s") % (
            self.env._("Problem"), self.description or Markup("<p></p>"), self.env._("Solution"), solution)
        return {
            "name": self.name,
            "body": body,
            "source_ticket_id": self.id,
            "category_ids": [fields.Command.set(self.category_id.ids)],
            "portal_published": True,
        }

    def action_cs_create_article(self):
        """A draft article pre-filled from this solved ticket (or from one
        whose category wants an article before it closes): its subject, the
        customer's description and the agents' answers."""
        self.ensure_one()
        if not self.stage_id.closed and not self.cs_requires_article:
            raise UserError(self.env._("Only a solved ticket can become a knowledge article."))
        article = self.env["cs.knowledge.article"].create(self._cs_article_values())
        return {
            "type": "ir.actions.act_window",
            "res_model": "cs.knowledge.article",
            "res_id": article.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_cs_view_articles(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_success_sla.action_cs_knowledge_article")
        action.update({"domain": [("source_ticket_id", "=", self.id)], "view_mode": "list,form",
                       "views": [(False, "list"), (False, "form")]})
        return action

    def _cs_reply_with_article_action(self, article):
        """Put a link to ``article`` in the help centre into the ticket's own
        reply box (the chatter's Send message, to the ticket's followers),
        worded in the customer's language, for the agent to complete and send."""
        self.ensure_one()
        url = f"{self.get_base_url()}{article._cs_help_url()}"
        lang = self.partner_id.lang or self.commercial_partner_id.lang or self.env.lang
        intro = self.with_context(lang=lang).env._("This article should help:")
        return {
            "type": "ir.actions.client",
            "tag": "customer_success_sla.reply_with",
            # plain text: the reply box links the address when the message is posted
            "params": {"model": self._name, "res_id": self.id, "text": f"{intro} {article.name}\n{url}"},
        }
