from odoo import Command
from odoo.tests import freeze_time, tagged

from .sla_common import SlaCase


@tagged("post_install", "-at_install")
class TestChatterTimes(SlaCase):
    """Times the SLA writes into the chatter go as tracked datetimes, which
    each reader's web client shows in their own time zone, never as text
    formatted in one zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        resolution = cls.policy_be.target_ids.filtered(lambda t: t.kind == "resolution")
        cls.env["cs.sla.escalation"].create(
            {"target_id": resolution.id, "trigger": "breach", "notify_user_ids": [Command.set(cls.csm_a.ids)]})

    def _notes(self, ticket, text):
        return ticket.message_ids.filtered(lambda m: text in (m.body or "")).sorted("id")

    def _assert_states_deadline(self, message, deadline):
        self.assertNotIn("2026", message.body, "no time written as text")
        self.assertNotIn("Europe/Brussels", message.body)
        tracking = message.sudo().tracking_value_ids
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.field_id.name, "deadline")
        self.assertEqual((tracking.old_value_datetime, tracking.new_value_datetime), (deadline, deadline))
        formatted = tracking._tracking_value_format()[0]
        # the web client localises "datetime" values to the reader's time zone
        self.assertEqual(formatted["fieldInfo"]["fieldType"], "datetime")
        self.assertEqual(formatted["newValue"], f"{deadline}Z")

    def test_breach_and_escalation_notes_carry_the_deadline_as_a_tracked_datetime(self):
        with freeze_time("2026-03-30 07:00:00"):  # Mon 09:00 Brussels: first response 1 h, resolution 4 h
            ticket = self._ticket(self.contact_be)
        first, resolution = self._clock(ticket, "first_response"), self._clock(ticket, "resolution")
        with freeze_time("2026-03-30 13:00:00"):  # both are late
            self._sweep()
        breaches = self._notes(ticket, "breached")
        self.assertEqual(len(breaches), 2, "one note per clock, each with its own deadline")
        notes = {("First Response" in note.body): note for note in breaches}
        self._assert_states_deadline(notes[True], first.deadline)
        self._assert_states_deadline(notes[False], resolution.deadline)
        escalation = self._notes(ticket, "SLA escalation")
        self.assertEqual(len(escalation), 1)
        self._assert_states_deadline(escalation, resolution.deadline)

    def test_late_answer_note_carries_the_deadline(self):
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
        deadline = self._clock(ticket, "first_response").deadline
        with freeze_time("2026-03-30 09:00:00"):
            ticket.with_user(self.agent).message_post(
                body="Sorry for the wait", message_type="comment", subtype_xmlid="mail.mt_comment")
        self._assert_states_deadline(self._notes(ticket, "met late"), deadline)
