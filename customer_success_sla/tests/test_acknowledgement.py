from unittest.mock import patch

from odoo.tests import freeze_time, new_test_user, tagged

from .common import CustomerSuccessCase, send_acknowledgements


@tagged("post_install", "-at_install")
class TestAcknowledgement(CustomerSuccessCase):
    """The acknowledgement speaks for the company, in the customer's language
    and time zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["customer_success_sla"], ["zh_CN"], overwrite=True)
        cls.env.company.partner_id.email = "support@vendor.example.com"
        cls.tier_core.resource_calendar_id.tz = "Europe/Brussels"
        cls.account = cls._company("上海客户科技", cs_tier_id=cls.tier_core.id, tz="Asia/Shanghai")
        cls.contact = cls.Partner.create({"name": "张敏", "parent_id": cls.account.id, "lang": "zh_CN"})
        cls.portal_user = new_test_user(cls.env, login="cs_ack_portal", groups="base.group_portal",
                                        partner_id=cls.contact.id)
        cls.contact.write({"email": "zhang@customer.example.cn", "tz": False})
        cls.web = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")

    def _portal_ticket(self):
        # as the portal form does: the customer's environment, in sudo
        return self.Ticket.with_user(self.portal_user).sudo().create({
            "name": "无法登录", "description": "<p>所有人都无法登录</p>", "partner_id": self.contact.id,
            "channel_id": self.web.id,
        })

    def _acknowledgement(self, ticket):
        send_acknowledgements(self.env)
        message = ticket.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(len(message), 1)
        return message

    def test_portal_ticket_is_acknowledged_by_the_company(self):
        message = self._acknowledgement(self._portal_ticket())
        self.assertEqual(message.author_id, self.env.company.partner_id,
                         "the customer does not acknowledge her own ticket")
        self.assertIn("support@vendor.example.com", message.email_from)
        self.assertIn(self.contact, message.partner_ids)

    @freeze_time("2026-03-30 07:00:00")  # Monday 09:00 in Brussels, 15:00 in Shanghai
    def test_acknowledgement_in_the_customers_language_and_time_zone(self):
        self.contact.tz = "Asia/Shanghai"
        ticket = self._portal_ticket()
        message = self._acknowledgement(ticket)
        # Core: 30 working minutes from Monday 09:00 Brussels → 07:30 UTC = 15:30 in Shanghai
        self.assertEqual(str(ticket.cs_first_response_deadline), "2026-03-30 07:30:00")
        self.assertIn("我们已收到您的请求", message.subject)
        self.assertIn("我们已收到您的请求", message.body)
        self.assertIn("15:30", message.body)
        self.assertIn("Asia/Shanghai", message.body)

    @freeze_time("2026-03-30 07:00:00")
    def test_acknowledgement_in_the_companys_time_zone_when_the_contact_has_none(self):
        self.contact.lang = "en_US"
        ticket = self._portal_ticket()
        message = self._acknowledgement(ticket)
        self.assertEqual(ticket.cs_customer_tz, "Asia/Shanghai", "the contact has none: her company's")
        self.assertIn("3:30", message.body)
        self.assertIn("Asia/Shanghai", message.body)
        self.assertNotIn("Europe/Brussels", message.body, "not the support hours' time zone")

    def test_time_zone_falls_back_to_the_accounts_support_hours(self):
        shanghai_hours = self.env.ref("customer_success_sla.calendar_support_china")
        self.account.write({"tz": False, "cs_resource_calendar_id": shanghai_hours.id})
        ticket = self._portal_ticket()
        self.assertEqual(ticket.cs_customer_tz, "Asia/Shanghai")
        self.contact.tz = "Asia/Tokyo"
        ticket.invalidate_recordset(["cs_customer_tz"])
        self.assertEqual(ticket.cs_customer_tz, "Asia/Tokyo", "the contact's own time zone first")

    def test_acknowledgements_are_sent_by_the_scheduled_action_not_while_filing(self):
        cron = self.env.ref("customer_success_sla.ir_cron_send_acknowledgements")
        Trigger = self.env["ir.cron.trigger"]
        triggers_before = Trigger.search_count([("cron_id", "=", cron.id)])
        Queue = self.env["cs.ticket.acknowledgement"]
        waiting = Queue.search([]).ticket_id  # the demo's tickets, if the job has not run yet
        first, second, dropped = (self._portal_ticket() for _index in range(3))
        self.assertEqual(Queue.search([]).ticket_id - waiting, first | second | dropped)
        self.assertFalse((first | second).message_ids.filtered(lambda m: m.message_type == "auto_comment"),
                         "filing a ticket renders no acknowledgement")
        self.assertGreater(Trigger.search_count([("cron_id", "=", cron.id)]), triggers_before,
                           "the scheduled action is woken at once")
        dropped.unlink()
        self.assertEqual(Queue.search([]).ticket_id - waiting, first | second, "a deleted ticket leaves the queue")
        with patch.object(self.env.cr, "commit", self.env.cr.flush):
            Queue._cron_send(batch_size=1)
        self.assertFalse(Queue.search([]))
        for ticket in first | second:
            self.assertEqual(len(ticket.message_ids.filtered(lambda m: m.message_type == "auto_comment")), 1,
                             "one batch after the other, each ticket acknowledged once")

    def test_a_ticket_whose_acknowledgement_fails_does_not_hold_back_the_queue(self):
        broken, fine = self._portal_ticket(), self._portal_ticket()
        Ticket = type(self.env["helpdesk.ticket"])
        send = Ticket._cs_send_acknowledgement

        def send_unless_broken(tickets):
            if broken in tickets:
                raise ValueError("a template an administrator broke")
            return send(tickets)

        with patch.object(Ticket, "_cs_send_acknowledgement", send_unless_broken), \
                self.assertLogs("odoo.addons.customer_success_sla.models.helpdesk_ticket_acknowledgement", "ERROR"):
            send_acknowledgements(self.env)
        self.assertFalse(broken.message_ids.filtered(lambda m: m.message_type == "auto_comment"))
        self.assertEqual(len(fine.message_ids.filtered(lambda m: m.message_type == "auto_comment")), 1,
                         "the ticket queued after the broken one is acknowledged")
        self.assertFalse(self.env["cs.ticket.acknowledgement"].search([("ticket_id", "in", (broken | fine).ids)]))

    def test_a_ticket_has_its_portal_token_from_its_creation(self):
        # the acknowledgement job and the agent's first answer would otherwise
        # both write one, and collide when they run together
        ticket = self._portal_ticket()
        token = ticket.access_token
        self.assertTrue(token)
        send_acknowledgements(self.env)
        ticket.with_user(self.agent).message_post(body="Looking into it", message_type="comment",
                                                  subtype_xmlid="mail.mt_comment")
        self.assertEqual(ticket.access_token, token)
