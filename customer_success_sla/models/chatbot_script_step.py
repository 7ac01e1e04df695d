from markupsafe import Markup

from odoo import fields, models
from odoo.tools import html2plaintext

BOT_ANSWERS = 3


class ChatbotScriptStep(models.Model):
    """Live chat bot steps answering from the knowledge base and filing a
    ticket with the conversation when the answer did not help."""

    _inherit = "chatbot.script.step"

    step_type = fields.Selection(
        selection_add=[
            ("cs_kb_answer", "Answer from the Knowledge Base"),
            ("cs_create_ticket", "Create Helpdesk Ticket"),
        ],
        ondelete={"cs_kb_answer": "cascade", "cs_create_ticket": "cascade"},
    )
    cs_team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Helpdesk Team", ondelete="set null",
        help="Team of the tickets filed by a 'Create Helpdesk Ticket' step.",
    )

    def _process_step(self, discuss_channel):
        self.ensure_one()
        if self.step_type == "cs_kb_answer":
            return self._cs_process_step_kb_answer(discuss_channel)
        if self.step_type == "cs_create_ticket":
            return self._cs_process_step_create_ticket(discuss_channel)
        return super()._process_step(discuss_channel)

    def _cs_visitor_question(self, discuss_channel):
        """The visitor's last free-text answer: the question to answer."""
        chatbot_partner = self.chatbot_script_id.operator_partner_id
        # sudo: chatbot.message - reading the visitor's own answers in their conversation
        answers = discuss_channel.sudo().chatbot_message_ids.filtered(
            lambda m: m.mail_message_id.author_id != chatbot_partner
            and m.script_step_id.step_type in ("free_input_single", "free_input_multi")
        ).sorted("id", reverse=True)
        for answer in answers:
            text = html2plaintext(answer.user_raw_answer or answer.mail_message_id.body or "").strip()
            if text:
                return text
        return ""

    def _cs_process_step_kb_answer(self, discuss_channel):
        Article, domain = self.env["cs.knowledge.article"]._cs_for_reader()
        articles = Article._cs_suggest(self._cs_visitor_question(discuss_channel), BOT_ANSWERS, domain=domain)
        base_url = self.get_base_url()
        if articles:
            links = Markup("").join(
                Markup('<li><a href="%s%s" target="_blank">%s</a></li>') % (base_url, article._cs_help_url(), article.name)
                for article in articles
            )
            body = Markup("%s<ul>%s</ul>") % (self.message or "", links)
        else:
            body = Markup("<p>%s</p>") % self.env._("I found no article about this.")
        return discuss_channel._chatbot_post_message(self.chatbot_script_id, body)

    def _cs_ticket_values(self, discuss_channel):
        question = self._cs_visitor_question(discuss_channel)
        customer = self._chatbot_prepare_customer_values(discuss_channel, create_partner=False, update_partner=False)
        values = {
            "name": (question or self.env._("Live chat with %(bot)s", bot=self.chatbot_script_id.title))[:100],
            # sudo: the visitor's whole conversation, their own messages included
            "description": customer["description"] + discuss_channel.sudo()._get_channel_history(),
            "channel_id": self.env.ref("customer_success_sla.helpdesk_ticket_channel_chat").id,
            "team_id": self.cs_team_id.id,
        }
        if not self.env.user._is_public():
            # the customer's tier follows from the partner (ticket classification)
            values["partner_id"] = self.env.user.partner_id.id
        elif customer["email"]:
            values.update(partner_email=customer["email"], partner_name=customer["email"])
        return values

    def _cs_process_step_create_ticket(self, discuss_channel):
        """File a ticket carrying the conversation, for the visitor's partner
        (and so their tier) when they are logged in."""
        # sudo: visitors, even public ones, may not create tickets themselves; the bot files it for them
        ticket = self.env["helpdesk.ticket"].sudo().create(self._cs_ticket_values(discuss_channel))
        body = Markup("%s<p>%s</p>") % (
            self.message or "", self.env._("Your ticket number is %(number)s.", number=ticket.number))
        return discuss_channel._chatbot_post_message(self.chatbot_script_id, body)
