from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .sla_common import SlaCase


@tagged("post_install", "-at_install")
class TestSlaHypercare(SlaCase):
    """Accounts in their first days after go-live get the tier's hypercare
    policies (and team); afterwards their new tickets match normally."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_be.hypercare_days = 14
        cls.policy_hypercare = cls._policy("Belgium hypercare", cls.tier_be, sequence=5, resolution=1)
        cls.policy_hypercare.hypercare_only = True
        # went live on Friday 20 March 2026: hypercare until Thursday 2 April included
        cls.customer = cls._company("New Customer", cs_tier_id=cls.tier_be.id, cs_go_live_date="2026-03-20")

    @freeze_time("2026-03-27 15:00:00")
    def test_in_hypercare(self):
        ticket = self._ticket(self.customer)
        self.assertEqual(ticket.cs_sla_policy_id, self.policy_hypercare)
        # 1 h of Brussels hours from Friday 16:00
        self.assertEqual(self._clock(ticket, "resolution").deadline, self.utc(2026, 3, 27, 16, 0))

    @freeze_time("2026-04-03 12:00:00")
    def test_after_hypercare(self):
        self.assertEqual(self._ticket(self.customer).cs_sla_policy_id, self.policy_be)

    def test_open_ticket_keeps_its_hypercare_clocks(self):
        with freeze_time("2026-04-02 12:00:00"):
            ticket = self._ticket(self.customer)
        deadline = self._clock(ticket, "resolution").deadline
        with freeze_time("2026-04-08 12:00:00"):
            ticket.priority = "2"  # re-matched: opened during the hypercare, it stays there
            self.assertEqual(ticket.cs_sla_policy_id, self.policy_hypercare)
            self.assertEqual(self._clock(ticket, "resolution").deadline, deadline)
            self.assertEqual(self._ticket(self.customer).cs_sla_policy_id, self.policy_be)

    @freeze_time("2026-04-02 17:00:00")
    def test_hypercare_days_are_the_account_days(self):
        """19:00 on Thursday 2 April in Brussels, 10:00 in Los Angeles, but
        already Friday 3 April in Shanghai: a Shanghai account's hypercare is
        over, whatever the time zone of the user opening the ticket."""
        shanghai = self._company("Shanghai Customer", cs_tier_id=self.tier_be.id,
                                 cs_go_live_date="2026-03-20", tz="Asia/Shanghai")
        brussels = self._company("Brussels Customer", cs_tier_id=self.tier_be.id,
                                 cs_go_live_date="2026-03-20", tz="Europe/Brussels")
        tickets = self.Ticket.with_context(tz="America/Los_Angeles").create([
            {"name": "Issue", "description": "<p>Something broke</p>", "partner_id": account.id}
            for account in (shanghai, brussels)
        ])
        self.assertEqual(tickets.mapped("cs_sla_policy_id"), self.policy_be | self.policy_hypercare)
        self.assertEqual(tickets[0].cs_sla_policy_id, self.policy_be)

    @freeze_time("2026-03-27 15:00:00")
    def test_without_hypercare_days_or_go_live(self):
        self.assertEqual(self._ticket(self._company("No go-live", cs_tier_id=self.tier_be.id)).cs_sla_policy_id,
                         self.policy_be)
        self.tier_be.hypercare_days = 0
        self.assertEqual(self._ticket(self.customer).cs_sla_policy_id, self.policy_be)

    @freeze_time("2026-03-27 15:00:00")
    def test_hypercare_team(self):
        Team = self.env["helpdesk.ticket.team"]
        desk, hypercare_desk = Team.create({"name": "Belgian desk"}), Team.create({"name": "Hypercare desk"})
        self.tier_be.write({"team_id": desk.id, "hypercare_team_id": hypercare_desk.id})
        self.assertEqual(self._ticket(self.customer).team_id, hypercare_desk)
        self.customer.cs_go_live_date = "2026-03-01"
        self.assertEqual(self._ticket(self.customer).team_id, desk)

    def test_negative_hypercare_refused(self):
        with self.assertRaisesRegex(ValidationError, "hypercare"):
            self.tier_be.hypercare_days = -1

    @freeze_time("2026-03-27 15:00:00")
    def test_shipped_hypercare_policies(self):
        """Core in hypercare gets the VIP targets, Standard the Core targets."""
        shipped = self.env["cs.sla.policy"].with_context(active_test=False).search(
            [("id", "in", [self.env.ref(f"customer_success_sla.{xmlid}").id for xmlid in (
                "sla_core_hypercare_very_high", "sla_core_hypercare_high", "sla_core_hypercare_other",
                "sla_standard_hypercare_very_high", "sla_standard_hypercare_high", "sla_standard_hypercare_other",
                "sla_core_very_high", "sla_core_high", "sla_core_other",
                "sla_standard_very_high", "sla_standard_high", "sla_standard_medium", "sla_standard_low")])])
        shipped.active = True
        (self.tier_core | self.tier_standard).hypercare_days = 14

        def targets(policy_xmlid):
            policy = self.env.ref(f"customer_success_sla.{policy_xmlid}")
            return {(target.kind, target.support_level): target.hours for target in policy.target_ids}

        def escalations(policy_xmlid):
            policy = self.env.ref(f"customer_success_sla.{policy_xmlid}")
            return sorted((rule.target_id.kind, rule.trigger, rule.delay_hours, rule.to_support_level or "",
                           rule.raise_priority) for rule in policy.target_ids.escalation_ids)

        for tier, next_tier in ((self.tier_core, "vip"), (self.tier_standard, "core")):
            new = self._company(f"New {tier.name}", cs_tier_id=tier.id, cs_go_live_date="2026-03-25")
            old = self._company(f"Old {tier.name}", cs_tier_id=tier.id, cs_go_live_date="2025-03-25")
            for priority, key in (("3", "very_high"), ("2", "high"), ("1", "other")):
                policy = self._ticket(new, priority=priority).cs_sla_policy_id
                self.assertTrue(policy.hypercare_only)
                hypercare_xmlid = policy.get_external_id()[policy.id].split(".")[1]
                self.assertEqual(targets(hypercare_xmlid), targets(f"sla_{next_tier}_{key}"))
                self.assertEqual(escalations(hypercare_xmlid), escalations(f"sla_{next_tier}_{key}"),
                                 "hypercare escalates like the tier whose targets it borrows")
                self.assertFalse(self._ticket(old, priority=priority).cs_sla_policy_id.hypercare_only)
