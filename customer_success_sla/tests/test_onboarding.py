from odoo.tests import freeze_time, tagged

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01")
class TestOnboarding(CustomerSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._company("Won Customer")
        cls.contact = cls.Partner.create({"name": "Buyer", "parent_id": cls.customer.id})
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "VIP deal",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "cs_tier_id": cls.tier_vip.id,
            }
        )
        cls.plan_steps = len(cls.tier_vip.onboarding_plan_id.template_ids)

    def test_winning_starts_onboarding_on_the_commercial_partner(self):
        self.lead.action_set_won()
        self.assertEqual(self.customer.cs_tier_id, self.tier_vip)
        self.assertEqual(self.customer.cs_lifecycle_stage, "onboarding")
        self.assertEqual(str(self.customer.cs_go_live_date), "2026-06-01")
        self.assertIn(self.customer.cs_csm_user_id, self.csm_a | self.csm_b)
        self.assertEqual(self.contact.cs_tier_id, self.tier_vip)
        self.assertTrue(self.lead.cs_onboarding_started)

    def test_onboarding_plan_activities_go_to_the_csm(self):
        self.lead.action_set_won()
        activities = self.customer.activity_ids
        self.assertGreaterEqual(self.plan_steps, 3)
        self.assertEqual(len(activities), self.plan_steps)
        self.assertEqual(activities.user_id, self.customer.cs_csm_user_id)
        self.assertEqual(str(min(activities.mapped("date_deadline"))), "2026-06-02", "welcome call next day")

    def test_winning_twice_does_not_duplicate_activities(self):
        self.lead.action_set_won()
        self.lead.action_set_won()
        # reopened by moving it back to a stage that is not won, then won again
        self.lead.stage_id = self.env["crm.stage"].search([("is_won", "=", False)], limit=1)
        self.lead.action_set_won()
        self.assertEqual(len(self.customer.activity_ids), self.plan_steps)

    def test_lead_without_tier_keeps_the_customer_tier(self):
        self.customer.cs_tier_id = self.tier_core
        self.lead.cs_tier_id = False
        self.lead.action_set_won()
        self.assertEqual(self.customer.cs_tier_id, self.tier_core)
        self.assertEqual(
            len(self.customer.activity_ids), len(self.tier_core.onboarding_plan_id.template_ids)
        )

    def test_lead_without_customer_is_ignored(self):
        lead = self.env["crm.lead"].create({"name": "Anonymous", "type": "opportunity"})
        lead.action_set_won()
        self.assertFalse(lead.cs_onboarding_started)

    def test_no_csm_required_activities_go_to_the_salesperson(self):
        salesperson = self.agent
        self.lead.write({"cs_tier_id": self.tier_standard.id, "user_id": salesperson.id})
        self.lead.action_set_won()
        self.assertFalse(self.customer.cs_csm_user_id)
        self.assertEqual(self.customer.activity_ids.user_id, salesperson)
