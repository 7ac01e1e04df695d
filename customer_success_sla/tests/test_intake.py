from odoo.tests import freeze_time, tagged

from .common import CustomerSuccessCase, send_acknowledgements

MAIL = """Return-Path: <{sender}>
From: {name} <{sender}>
To: support@example.com
Subject: {subject}
Date: Mon, 30 Mar 2026 07:00:00 +0000
Message-ID: <{message_id}@mail.example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
{extra}
The export to Excel fails since this morning.
"""


@tagged("post_install", "-at_install")
class TestIntake(CustomerSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Mail desk", "alias_name": "support"})
        cls.account = cls._company("Acme Corp", cs_tier_id=cls.tier_core.id, email="contact@acme.example.com")
        cls.known = cls.Partner.create(
            {"name": "Known Person", "email": "known@acme.example.com", "parent_id": cls.account.id}
        )
        cls.email_channel = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")

    def _receive(self, sender, name="Sender", subject="Export broken", extra="", message_id="m1"):
        message = MAIL.format(sender=sender, name=name, subject=subject, extra=extra, message_id=message_id)
        thread_id = self.env["mail.thread"].message_process("helpdesk.ticket", message.encode(),
                                                            custom_values={"team_id": self.team.id})
        return self.Ticket.browse(thread_id) if thread_id else self.Ticket

    def test_known_sender_gets_a_ticket_with_partner_tier_and_channel(self):
        ticket = self._receive("known@acme.example.com")
        self.assertEqual(ticket.partner_id, self.known)
        self.assertEqual(ticket.cs_tier_id, self.tier_core)
        self.assertEqual(ticket.channel_id, self.email_channel)
        self.assertEqual(ticket.name, "Export broken")

    def test_colleague_from_a_customer_domain_joins_the_account(self):
        ticket = self._receive("new.person@acme.example.com", name="New Person")
        self.assertEqual(ticket.partner_id.name, "New Person")
        self.assertEqual(ticket.partner_id.parent_id, self.account)
        self.assertEqual(ticket.cs_tier_id, self.tier_core)

    def test_unknown_sender_gets_a_new_contact_without_tier(self):
        ticket = self._receive("stranger@unknown.example.org", name="Stranger")
        self.assertTrue(ticket)
        self.assertEqual(ticket.partner_id.email, "stranger@unknown.example.org")
        self.assertFalse(ticket.partner_id.parent_id)
        self.assertFalse(ticket.cs_tier_id)

    def test_free_mail_domain_does_not_join_an_account(self):
        self.Partner.create({"name": "Gmail user", "email": "someone@gmail.com", "parent_id": self.account.id})
        ticket = self._receive("other@gmail.com")
        self.assertFalse(ticket.partner_id.parent_id)

    def test_auto_replies_do_not_open_tickets(self):
        before = self.Ticket.search_count([])
        for index, header in enumerate(["Auto-Submitted: auto-replied", "Precedence: bulk", "X-Autoreply: yes"]):
            self._receive("known@acme.example.com", subject="Out of office", extra=header, message_id=f"auto{index}")
        self.assertEqual(self.Ticket.search_count([]), before)

    def test_auto_reply_to_an_existing_ticket_still_reaches_it(self):
        ticket = self._receive("known@acme.example.com")
        reply = MAIL.format(
            sender="known@acme.example.com", name="Known", subject=f"Re: [{ticket.number}]",
            extra=f"Auto-Submitted: auto-replied\nIn-Reply-To: {ticket.message_ids[-1].message_id}",
            message_id="auto-reply",
        )
        self.env["mail.thread"].message_process("helpdesk.ticket", reply.encode())
        self.assertIn("auto-reply@mail.example.com", "".join(ticket.message_ids.mapped("message_id")))

    @freeze_time("2026-03-30 07:00:00")
    def test_acknowledgement_states_number_and_first_response_deadline(self):
        self.known.tz = "Asia/Shanghai"
        self.tier_core.resource_calendar_id.tz = "Europe/Brussels"
        ticket = self._receive("known@acme.example.com")
        send_acknowledgements(self.env)
        acknowledgement = ticket.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(len(acknowledgement), 1)
        self.assertIn(ticket.number, acknowledgement.subject)
        self.assertIn(self.known, acknowledgement.partner_ids)
        # Core: 30 working minutes from Monday 09:00 Brussels (07:00 UTC) → 07:30 UTC = 15:30 in Shanghai
        self.assertEqual(str(ticket.cs_first_response_deadline), "2026-03-30 07:30:00")
        self.assertIn("3:30", acknowledgement.body)
        self.assertIn("Asia/Shanghai", acknowledgement.body)
        self.assertFalse(ticket.cs_first_response_date, "the acknowledgement is no first response")

    def test_tickets_created_by_agents_are_not_acknowledged(self):
        ticket = self._ticket(self.known)
        send_acknowledgements(self.env)
        self.assertFalse(ticket.message_ids.filtered(lambda m: m.message_type == "auto_comment"))

    def test_nul_characters_in_a_mail_are_dropped(self):
        message = MAIL.format(sender="known@acme.example.com", name="Known", subject="Export\x00 broken", extra="",
                              message_id="nul").replace("The export", "The\x00 export")
        ticket = self.Ticket.browse(self.env["mail.thread"].message_process(
            "helpdesk.ticket", message.encode(), custom_values={"team_id": self.team.id}))
        self.assertEqual(ticket.name, "Export broken")
        self.assertIn("The export to Excel fails", ticket.description)
        reply = MAIL.format(sender="known@acme.example.com", name="Known", subject=f"Re: [{ticket.number}]\x00",
                            extra=f"In-Reply-To: {ticket.message_ids[-1].message_id}",
                            message_id="nul-reply").replace("The export", "Still\x00 broken: the export")
        self.env["mail.thread"].message_process("helpdesk.ticket", reply.encode())
        self.assertIn("Still broken", "".join(ticket.message_ids.mapped("body")))

    def test_nul_characters_are_dropped_from_every_ticket_text(self):
        ticket = self.Ticket.create({"name": "Live\x00 chat", "description": "<p>Hello\x00</p>",
                                     "partner_name": "Visitor\x00", "partner_email": "visitor\x00@example.com"})
        self.assertEqual((ticket.name, ticket.partner_name, ticket.partner_email),
                         ("Live chat", "Visitor", "visitor@example.com"))
        self.assertNotIn("\x00", ticket.description)
        ticket.write({"name": "Renamed\x00", "description": "<p>Again\x00</p>"})
        self.assertEqual(ticket.name, "Renamed")
        self.assertNotIn("\x00", ticket.description)
