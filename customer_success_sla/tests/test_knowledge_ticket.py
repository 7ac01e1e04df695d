from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import send_acknowledgements
from .test_knowledge_search import KnowledgeCase


@tagged("post_install", "-at_install")
class TestKnowledgeTicket(KnowledgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.category = cls.env["helpdesk.ticket.category"].create({"name": "KB Login"})
        cls.customer = cls._company("KB Customer", cs_tier_id=cls.tier_core.id)

    def _solved_ticket(self):
        ticket = self._ticket(self.customer, name="无法登录 ERP", description="<p>提示密码错误，无法登录。</p>",
                              category_id=self.category.id)
        ticket.with_user(self.agent).message_post(
            body="<p>请点击重置密码，然后用新密码登录。</p>", message_type="comment", subtype_xmlid="mail.mt_comment")
        ticket.with_user(self.agent).message_post(
            body="<p>Internal: customer was rude</p>", message_type="comment", subtype_xmlid="mail.mt_note")
        ticket.stage_id = self.done
        return ticket

    def test_article_is_prefilled_from_a_solved_ticket(self):
        ticket = self._solved_ticket()
        action = ticket.with_user(self.agent).action_cs_create_article()
        article = self.Article.browse(action["res_id"])
        self.assertEqual(article.source_ticket_id, ticket)
        self.assertEqual(article.name, "无法登录 ERP")
        self.assertEqual(article.state, "draft")
        self.assertEqual(article.category_ids, self.category)
        self.assertIn("提示密码错误", article.body)
        self.assertIn("请点击重置密码", article.body)
        self.assertNotIn("Internal", article.body, "internal notes stay out of the article")
        self.assertEqual(ticket.cs_article_count, 1)

    def test_open_ticket_cannot_become_an_article(self):
        ticket = self._ticket(self.customer)
        with self.assertRaises(UserError):
            ticket.action_cs_create_article()

    def test_category_can_require_an_article_before_closing(self):
        self.category.cs_requires_article = True
        ticket = self._ticket(self.customer, category_id=self.category.id)
        with self.assertRaises(UserError):
            ticket.stage_id = self.done
        self.Article.create({"name": "Fix", "body": "<p>Fix</p>", "source_ticket_id": ticket.id})
        ticket.stage_id = self.done
        self.assertTrue(ticket.stage_id.closed)

    def test_cancelling_needs_no_article(self):
        """The requirement is for solved tickets: a cancellation or rejection closes without one."""
        self.category.cs_requires_article = True
        ticket = self._ticket(self.customer, category_id=self.category.id)
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.assertTrue(ticket.stage_id.closed)

    def test_a_ticket_that_needs_an_article_can_get_it_before_closing(self):
        self.category.cs_requires_article = True
        ticket = self._ticket(self.customer, category_id=self.category.id)
        action = ticket.action_cs_create_article()
        self.assertEqual(self.Article.browse(action["res_id"]).source_ticket_id, ticket)
        ticket.stage_id = self.done
        self.assertTrue(ticket.stage_id.closed)
        other = self._ticket(self.customer)
        with self.assertRaises(UserError):
            other.action_cs_create_article()

    def test_ticket_form_suggests_articles_and_shows_sops(self):
        sop = self.Article.create({"name": "SOP: login", "body": "<ol><li>Verify identity</li></ol>",
                                   "is_sop": True, "state": "published", "category_ids": [self.category.id]})
        ticket = self._ticket(self.customer, name="无法登录", category_id=self.category.id)
        self.assertEqual(ticket.cs_suggested_article_ids[:1], self.login_zh)
        self.assertNotIn(sop, ticket.cs_suggested_article_ids)
        self.assertEqual(ticket.cs_sop_article_ids, sop)
        self.assertIn("Verify identity", ticket.cs_sop_html)

    def test_insert_link_fills_the_tickets_reply_box_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_success_sla"], ["zh_CN"], overwrite=True)
        contact = self.Partner.create({"name": "张敏", "parent_id": self.customer.id, "lang": "zh_CN"})
        ticket = self._ticket(contact, name="无法登录")
        action = self.login_zh.with_user(self.agent).with_context(
            cs_ticket_id=ticket.id).action_cs_reply_with_article()
        # the chatter's own reply box (client side), not a full mail composer with an empty To
        self.assertEqual((action["type"], action["tag"]), ("ir.actions.client", "customer_success_sla.reply_with"))
        self.assertEqual((action["params"]["model"], action["params"]["res_id"]), ("helpdesk.ticket", ticket.id))
        self.assertIn(f"/help/{self.login_zh.id}", action["params"]["text"])
        self.assertIn("这篇文章应该能帮到您", action["params"]["text"], "worded in the customer's language")
        contact.lang = "en_US"
        action = self.login_zh.with_user(self.agent).with_context(
            cs_ticket_id=ticket.id).action_cs_reply_with_article()
        self.assertIn("This article should help", action["params"]["text"])


@tagged("post_install", "-at_install")
class TestKnowledgeAcknowledgement(KnowledgeCase):
    def test_acknowledgement_mail_suggests_articles_of_the_customers_tier(self):
        contact = self.Partner.create({"name": "Ack", "email": "ack@example.com",
                                       "parent_id": self._company("Ack Co", cs_tier_id=self.tier_core.id).id})
        ticket = self._ticket(contact, name="无法登录", description="<p>gateway certificates 无法登录</p>",
                              channel_id=self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id)
        send_acknowledgements(self.env)
        mail = ticket.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertTrue(mail)
        self.assertIn(f"/help/{self.login_zh.id}", mail.body)
        self.assertNotIn(f"/help/{self.vip_only.id}", mail.body, "not an article of the customer's tier")


@tagged("post_install", "-at_install")
class TestKnowledgeGaps(KnowledgeCase):
    def test_categories_and_terms_with_tickets_and_no_helpful_article_are_gaps(self):
        answered = self.env["helpdesk.ticket.category"].create({"name": "KB Answered"})
        unanswered = self.env["helpdesk.ticket.category"].create({"name": "KB Unanswered"})
        customer = self._company("Gap Co")
        for category in (answered, unanswered):
            for _i in range(3):
                self._ticket(customer, category_id=category.id)
        self.login_zh.write({"category_ids": [answered.id]})
        self.env["cs.knowledge.vote"]._cs_vote(self.login_zh, True, partner=customer)
        Deflection = self.env["cs.knowledge.deflection"]
        for _i in range(3):
            Deflection.create({"query": "打印机卡纸", "article_id": self.printer_en.id,
                               "ticket_id": self._ticket(customer).id})
        Deflection.create({"query": "登录", "article_id": self.login_zh.id})
        action = self.env["cs.knowledge.gap"].with_user(self.agent).action_cs_open_gaps()
        gaps = self.env["cs.knowledge.gap"].with_user(self.agent).search(action["domain"])
        names = set(gaps.mapped("name"))
        self.assertIn("KB Unanswered", names)
        self.assertNotIn("KB Answered", names)
        self.assertIn("打印机卡纸", names)
        self.assertNotIn("登录", names)


@tagged("post_install", "-at_install")
class TestInsertLinkTour(HttpCase):
    """In the browser: Insert Link puts the article into the chatter's reply box."""

    def test_insert_link_fills_the_chatter_reply_box(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_success_sla"], ["zh_CN"], overwrite=True)
        article = self.env["cs.knowledge.article"].create({
            "name": "Reset a forgotten password", "body": "<p>Click Reset password on the login page.</p>",
            "state": "published", "portal_published": True})
        customer = self.env["res.partner"].create({"name": "张敏", "lang": "zh_CN", "email": "zm@example.cn"})
        ticket = self.env["helpdesk.ticket"].create({
            "name": "Forgotten password", "description": "<p>I forgot my password, reset password please</p>",
            "partner_id": customer.id})
        self.assertIn(article, ticket.cs_suggested_article_ids)
        self.start_tour(f"/odoo/helpdesk.ticket/{ticket.id}", "customer_success_sla_insert_link", login="admin")
        reply = ticket.message_ids.filtered(lambda m: m.message_type == "comment" and f"/help/{article.id}" in m.body)
        self.assertEqual(len(reply), 1)
        self.assertIn(customer, reply.notified_partner_ids, "the reply goes to the customer")
