from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKnowledgeChatbot(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cs.knowledge.article"].search([]).write({"active": False})
        cls.article = cls.env["cs.knowledge.article"].create({
            "name": "登录失败怎么办", "body": "<p>重置密码。</p>", "state": "published",
            "portal_published": True, "is_public": True})
        cls.script = cls.env.ref("customer_success_sla.chatbot_script_help_bot")
        cls.livechat = cls.env["im_livechat.channel"].create({
            "name": "KB Support", "rule_ids": [(0, 0, {"chatbot_script_id": cls.script.id})]})
        tier = cls.env.ref("customer_success_sla.tier_core")
        company = cls.env["res.partner"].create({"name": "Chat Co", "is_company": True, "cs_tier_id": tier.id})
        contact = cls.env["res.partner"].create({"name": "Chen Chat", "parent_id": company.id,
                                                 "email": "chen@chat.example.com"})
        cls.customer = new_test_user(cls.env, login="kb_chat", password="kb_chat_pw", groups="base.group_portal",
                                     partner_id=contact.id)

    def _say(self, channel, body, answer=None):
        data = self.make_jsonrpc_request("/mail/message/post", {
            "thread_model": "discuss.channel", "thread_id": channel.id, "post_data": {"body": body}})
        if answer:
            self.make_jsonrpc_request("/chatbot/answer/save", {
                "channel_id": channel.id, "message_id": data["message_id"], "selected_answer_id": answer.id})
        self.make_jsonrpc_request("/chatbot/step/trigger", {"channel_id": channel.id})

    def _next(self, channel):
        self.make_jsonrpc_request("/chatbot/step/trigger", {"channel_id": channel.id})

    def _start(self):
        data = self.make_jsonrpc_request("/im_livechat/get_session", {
            "chatbot_script_id": self.script.id, "channel_id": self.livechat.id})
        return self.env["discuss.channel"].browse(data["channel_id"])

    def _bot_messages(self, channel):
        return channel.message_ids.filtered(
            lambda m: m.author_id == self.script.operator_partner_id).sorted("id").mapped("body")

    def test_bot_answers_with_articles_and_files_a_ticket_with_the_transcript(self):
        self.authenticate("kb_chat", "kb_chat_pw")
        channel = self._start()
        self._say(channel, "无法登录")
        self.assertIn(f"/help/{self.article.id}", str(self._bot_messages(channel)[-1]))
        self._next(channel)  # "Did this help?"
        self._say(channel, "No, I need help", answer=self.env.ref("customer_success_sla.chatbot_help_answer_no"))
        self._say(channel, "chen@chat.example.com")
        ticket = self.env["helpdesk.ticket"].search([("channel_id.name", "=", "Live Chat")], order="id desc", limit=1)
        self.assertEqual(ticket.name, "无法登录")
        self.assertEqual(ticket.partner_id, self.customer.partner_id)
        self.assertEqual(ticket.cs_tier_id.code, "CORE")
        self.assertIn("无法登录", ticket.description, "the transcript is on the ticket")
        self.assertIn("Did this help?", ticket.description)
        self.assertIn(ticket.number, str(self._bot_messages(channel)[-1]))

    def test_a_helpful_answer_files_no_ticket(self):
        channel = self._start()
        self._say(channel, "登录失败")
        self._next(channel)
        count = self.env["helpdesk.ticket"].search_count([])
        self._say(channel, "Yes, thanks", answer=self.env.ref("customer_success_sla.chatbot_help_answer_yes"))
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)
        self.assertIn("Glad", str(self._bot_messages(channel)[-1]))
