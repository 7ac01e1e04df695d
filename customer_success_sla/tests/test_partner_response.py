from odoo.tests import freeze_time, tagged

from .sla_common import SlaCase

REPLY = """Return-Path: <{sender}>
From: {name} <{sender}>
To: support@example.com
Subject: Re: [{number}] Issue
Date: Mon, 30 Mar 2026 12:00:00 +0000
Message-ID: <{message_id}@mail.example.com>
In-Reply-To: {parent}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
{extra}
Here are the logs you asked for.
"""


@tagged("post_install", "-at_install")
class TestPartnerResponse(SlaCase):
    """A customer's reply on a waiting ticket puts it back to work and
    resumes its clocks (OCA helpdesk_ticket_partner_response, per team)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Response desk"})
        cls.contact_be.email = "bea@be.example.com"  # new_test_user gave the portal user a shared address
        cls.colleague_be = cls.Partner.create(
            {"name": "Colin", "parent_id": cls.customer_be.id, "email": "colin@be.example.com"})

    def _waiting_ticket(self):
        """Monday 09:00 Brussels: opened, answered at once, waiting from 10:00."""
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be, team_id=self.team.id)
            ticket.with_user(self.agent).message_post(
                body="Please send the logs.", message_type="comment", subtype_xmlid="mail.mt_comment")
        with freeze_time("2026-03-30 08:00:00"):
            ticket.stage_id = self.stage_awaiting
        self.assertEqual(self._clock(ticket, "resolution").status, "paused")
        return ticket

    def _mail_reply(self, ticket, sender, extra="", message_id="reply"):
        message = REPLY.format(sender=sender, name="Customer", number=ticket.number, extra=extra,
                               message_id=message_id, parent=ticket.message_ids[-1].message_id)
        self.env["mail.thread"].message_process("helpdesk.ticket", message.encode())

    def _assert_woken(self, ticket):
        resolution = self._clock(ticket, "resolution")
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertEqual(resolution.status, "running", "leaving the pause stage resumes the clock")
        self.assertAlmostEqual(resolution.paused_hours, 3.0, msg="10:00 to 14:00 with lunch: 3 working hours")
        self.assertEqual(resolution.deadline, self.utc(2026, 3, 30, 15, 0), "the deadline moves by the pause")
        self.assertEqual(ticket.cs_sla_status, "on_track")

    def test_new_team_wakes_tickets_from_the_pause_stages(self):
        self.assertTrue(self.team.autoupdate_ticket_stage)
        self.assertEqual(self.team.autopupdate_src_stage_ids, self.stage_awaiting)
        self.assertEqual(self.team.autopupdate_dest_stage_id, self.stage_progress)

    def test_portal_reply_resumes_the_clocks(self):
        ticket = self._waiting_ticket()
        with freeze_time("2026-03-30 12:00:00"):  # Mon 14:00 Brussels
            ticket.with_user(self.portal_be).message_post(
                body="Here are the logs.", message_type="comment", subtype_xmlid="mail.mt_comment")
        self._assert_woken(ticket)

    def test_mail_reply_resumes_the_clocks(self):
        ticket = self._waiting_ticket()
        with freeze_time("2026-03-30 12:00:00"):
            self._mail_reply(ticket, "bea@be.example.com")
        self._assert_woken(ticket)

    def test_colleague_reply_resumes_the_clocks(self):
        ticket = self._waiting_ticket()
        with freeze_time("2026-03-30 12:00:00"):
            self._mail_reply(ticket, "colin@be.example.com")
        self._assert_woken(ticket)

    def test_auto_reply_leaves_the_ticket_waiting(self):
        ticket = self._waiting_ticket()
        with freeze_time("2026-03-30 12:00:00"):
            self._mail_reply(ticket, "bea@be.example.com", extra="Auto-Submitted: auto-replied", message_id="ooo")
            self._mail_reply(ticket, "colin@be.example.com", extra="X-Autoreply: yes", message_id="ooo2")
        self.assertEqual(ticket.stage_id, self.stage_awaiting)
        self.assertEqual(self._clock(ticket, "resolution").status, "paused")

    def test_agent_note_and_other_stages_do_not_move_the_ticket(self):
        ticket = self._waiting_ticket()
        with freeze_time("2026-03-30 12:00:00"):
            ticket.with_user(self.agent).message_post(
                body="Still waiting", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertEqual(ticket.stage_id, self.stage_awaiting)
        with freeze_time("2026-03-30 12:00:00"):
            fresh = self._ticket(self.contact_be, team_id=self.team.id)
            fresh.with_user(self.portal_be).message_post(
                body="More details", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertEqual(fresh.stage_id, self.stage_new, "only a waiting ticket moves")

    def test_team_switched_off_keeps_the_ticket_waiting(self):
        self.team.autoupdate_ticket_stage = False
        ticket = self._waiting_ticket()
        with freeze_time("2026-03-30 12:00:00"):
            ticket.with_user(self.portal_be).message_post(
                body="Here are the logs.", message_type="comment", subtype_xmlid="mail.mt_comment")
            self._mail_reply(ticket, "colin@be.example.com")
        self.assertEqual(ticket.stage_id, self.stage_awaiting)
        self.assertEqual(self._clock(ticket, "resolution").status, "paused")
