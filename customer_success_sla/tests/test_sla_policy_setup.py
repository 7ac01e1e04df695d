from lxml import etree

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
class TestPolicySetup(CustomerSuccessCase):
    """SLA setup an administrator cannot get wrong (issue 19): new policies
    go after the shipped ones, overlaps are named, a missing resolution
    target is confirmed, and which policy applies is shown."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Policy = cls.env["cs.sla.policy"]
        cls.core_very_high = cls.env.ref("customer_success_sla.sla_core_very_high")
        cls.core_customer = cls._company("Core Customer", cs_tier_id=cls.tier_core.id)

    def _quick_policy(self, **values):
        """What an administrator types in a hurry: a name and a 1 h first response."""
        return self.Policy.create({
            "name": "Quick policy", "no_resolution_confirmed": True,
            "target_ids": [Command.create({"kind": "first_response", "hours": 1})], **values,
        })

    def _top_sequence(self):
        return max(self.Policy.with_context(active_test=False).search([]).mapped("sequence"))

    # --- 1. new policies go after the existing ones ----------------------

    def test_new_policy_does_not_take_core_very_high_tickets(self):
        top = self._top_sequence()
        policy = self._quick_policy()
        self.assertEqual(policy.sequence, top + 10)
        ticket = self._ticket(self.core_customer, priority="3")
        self.assertEqual(ticket.cs_sla_policy_id, self.core_very_high)
        self.assertIn("resolution", ticket.cs_sla_ids.mapped("kind"))

    def test_policies_created_together_keep_their_order_after_the_others(self):
        top = self._top_sequence()
        first, second = self.Policy.create([
            {"name": "First", "target_ids": [Command.create({"kind": "resolution", "hours": 8})]},
            {"name": "Second", "target_ids": [Command.create({"kind": "resolution", "hours": 8})]},
        ])
        self.assertEqual((first.sequence, second.sequence), (top + 10, top + 20))

    def test_the_form_offers_the_next_sequence(self):
        form = Form(self.Policy)
        self.assertEqual(form.sequence, self._top_sequence() + 10)

    def test_imported_policy_goes_last(self):
        top = self._top_sequence()
        result = self.Policy.load(["name", "sequence"], [["Imported", ""], ["Imported at 0", "0"]])
        self.assertFalse(result["messages"])
        self.assertEqual(self.Policy.browse(result["ids"]).mapped("sequence"), [top + 10, 0])

    def test_an_explicit_sequence_is_kept(self):
        self.assertEqual(self._quick_policy(sequence=1).sequence, 1)

    # --- 1. overlaps named on the form ----------------------------------

    def test_policy_moved_on_top_names_the_policies_and_combinations_it_takes(self):
        policy = self._quick_policy(sequence=1)
        warning = policy.overlap_warning
        self.assertIn("Core — Very High", warning)
        self.assertIn("Core × Very High", warning)
        self.assertIn("VIP — Very High", warning)
        ticket = self._ticket(self.core_customer, priority="3")
        self.assertEqual(ticket.cs_sla_policy_id, policy, "the warning says what the engine then does")

    def test_policy_placed_last_takes_nothing_and_says_who_keeps_its_tickets(self):
        policy = self._quick_policy()
        self.assertFalse(policy.overlap_warning)
        self.assertIn("Core — Very High", policy.overlap_note)

    def test_unsaved_form_warns_before_saving(self):
        form = Form(self.Policy)
        form.name = "On top"
        form.sequence = 1
        form.tier_ids.add(self.tier_core)
        form.priority = "3"
        with form.target_ids.new() as target:
            target.kind = "resolution"
            target.hours = 8
        self.assertIn("Core × Very High", form.overlap_warning)
        self.assertIn("Core — Very High", form.overlap_warning)
        self.assertNotIn("VIP", form.overlap_warning)

    # --- 1. a policy without resolution target is confirmed --------------

    def test_policy_without_resolution_target_is_refused_unless_confirmed(self):
        values = {"name": "No resolution", "target_ids": [Command.create({"kind": "first_response", "hours": 1})]}
        with self.assertRaisesRegex(ValidationError, "No Resolution Target"):
            self.Policy.create(values)
        policy = self.Policy.create({**values, "no_resolution_confirmed": True})
        self.assertFalse(policy.has_resolution_target)
        self.Policy.create({**values, "active": False, "name": "Archived draft"})

    def test_removing_the_resolution_target_asks_for_confirmation(self):
        policy = self.Policy.create({"name": "Full", "target_ids": [
            Command.create({"kind": "first_response", "hours": 1}),
            Command.create({"kind": "resolution", "hours": 8}),
        ]})
        resolution = policy.target_ids.filtered(lambda t: t.kind == "resolution")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            policy.target_ids = [Command.delete(resolution.id)]
        with self.assertRaises(ValidationError), self.cr.savepoint():
            resolution.unlink()
        with self.assertRaises(ValidationError), self.cr.savepoint():
            resolution.kind = "next_response"
        policy.no_resolution_confirmed = True
        resolution.unlink()
        self.assertEqual(policy.target_ids.mapped("kind"), ["first_response"])

    # --- 2. which policy applies ------------------------------------------

    def test_policy_form_previews_the_winner_of_each_tier_and_priority(self):
        matrix = etree.fromstring(self.core_very_high.precedence_matrix)
        rows = {row.findtext("th"): row for row in matrix.iter("tr")}
        header = [cell.text for cell in rows["Customer Tier"].iter("th")][1:]
        self.assertEqual(header, ["Very High", "High", "Medium", "Low"])
        core_cells = list(rows["Core"].iter("td"))
        self.assertEqual(core_cells[0].text, "Core — Very High")
        self.assertIn("table-primary", core_cells[0].get("class"), "this policy's cells are highlighted")
        self.assertEqual(core_cells[1].text, "Core — High")
        self.assertEqual(list(rows["VIP"].iter("td"))[0].text, "VIP — Very High")
        self.assertEqual(list(rows["No tier"].iter("td"))[0].findtext("span"), "No SLA")

    def test_preview_for_a_team_shows_the_team_policy(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Payroll desk"})
        team_policy = self.Policy.create({
            "name": "Payroll urgent", "sequence": 1, "team_ids": [Command.set(team.ids)], "priority": "3",
            "target_ids": [Command.create({"kind": "resolution", "hours": 1})],
        })
        preview = self.env["cs.sla.policy.preview"].create({"team_id": team.id})
        self.assertIn("Payroll urgent", preview.matrix_html)
        self.assertNotIn("Payroll urgent", self.env["cs.sla.policy.preview"].create({}).matrix_html)
        ticket = self._ticket(self.core_customer, priority="3", team_id=team.id)
        self.assertEqual(ticket.cs_sla_policy_id, team_policy)
        action = ticket.action_cs_open_policy_preview()
        preview = self.env["cs.sla.policy.preview"].with_context(action["context"]).create({})
        self.assertEqual((preview.team_id, preview.tier_id, preview.priority), (team, self.tier_core, "3"))
        self.assertIn("border-dark", preview.matrix_html, "the ticket's own cell is framed")

    def test_ticket_explains_its_policy(self):
        ticket = self._ticket(self.core_customer, priority="3")
        reason = ticket.cs_sla_policy_reason
        self.assertIn(f"({self.core_very_high.sequence})", reason)
        self.assertIn("tier Core", reason)
        self.assertIn("priority Very High", reason)
        self.assertIn("any team", reason)
        nobody = self._ticket(self._company("No tier"), priority="3")
        self.assertIn("No active policy", nobody.cs_sla_policy_reason)

    def test_agents_open_the_preview(self):
        ticket = self._ticket(self.core_customer, priority="3").with_user(self.agent)
        action = ticket.action_cs_open_policy_preview()
        preview = self.env["cs.sla.policy.preview"].with_user(self.agent).with_context(action["context"]).create({})
        self.assertIn("Core — Very High", preview.matrix_html)

    # --- 3. durations and empty priority -----------------------------------

    def test_durations_read_as_hours_and_minutes(self):
        target = self.env.ref("customer_success_sla.sla_vip_very_high_first_response")
        self.assertEqual(target.display_name, "First Response in 0:05")
        escalation = self.env.ref("customer_success_sla.sla_vip_very_high_resolution_after_breach")
        self.assertEqual(escalation.display_name, "After Breach + 1:00")
        policy = self.env.ref("customer_success_sla.sla_vip_very_high")
        self.assertEqual(policy.target_summary, "First Response 0:05 · Resolution 2:00")

    def test_empty_priority_reads_any_priority(self):
        policy = self._quick_policy()
        self.assertEqual(policy.priority_label, "Any priority")
        self.assertEqual(self.core_very_high.priority_label, "Very High")
        views = self.Policy.get_views([(False, "list"), (False, "form")])["views"]
        list_arch = etree.fromstring(views["list"]["arch"])
        self.assertTrue(list_arch.xpath("//field[@name='priority_label']"))
        self.assertFalse(list_arch.xpath("//field[@name='priority']"))
        form_priority = etree.fromstring(views["form"]["arch"]).xpath("//field[@name='priority']")[0]
        self.assertEqual(form_priority.get("widget"), "selection")
        self.assertEqual(form_priority.get("placeholder"), "Any priority")
