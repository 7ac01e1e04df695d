from odoo.tests import tagged

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
class TestCsmAssignment(CustomerSuccessCase):
    def test_company_getting_a_csm_tier_gets_a_csm(self):
        company = self._company("NewCo")
        company.cs_tier_id = self.tier_vip
        self.assertIn(company.cs_csm_user_id, self.csm_a | self.csm_b)

    def test_tier_without_csm_requirement_assigns_none(self):
        company = self._company("SmallCo", cs_tier_id=self.tier_standard.id)
        self.assertFalse(company.cs_csm_user_id)

    def test_least_loaded_csm_wins(self):
        self._company("A1", cs_tier_id=self.tier_standard.id, cs_csm_user_id=self.csm_a.id)
        self._company("A2", cs_tier_id=self.tier_standard.id, cs_csm_user_id=self.csm_a.id)
        self._company("B1", cs_tier_id=self.tier_standard.id, cs_csm_user_id=self.csm_b.id)
        company = self._company("NewCo", cs_tier_id=self.tier_vip.id)
        self.assertEqual(company.cs_csm_user_id, self.csm_b)

    def test_ties_go_to_the_oldest_user(self):
        company = self._company("NewCo", cs_tier_id=self.tier_vip.id)
        self.assertEqual(company.cs_csm_user_id, min(self.csm_a, self.csm_b, key=lambda u: u.id))

    def test_contacts_and_churned_accounts_do_not_count_as_load(self):
        churned = self._company(
            "Gone", cs_tier_id=self.tier_standard.id, cs_csm_user_id=self.csm_a.id,
            cs_lifecycle_stage="churned",
        )
        self.Partner.create({"name": "Contact", "parent_id": churned.id})
        self._company("B1", cs_tier_id=self.tier_standard.id, cs_csm_user_id=self.csm_b.id)
        company = self._company("NewCo", cs_tier_id=self.tier_vip.id)
        self.assertEqual(company.cs_csm_user_id, self.csm_a)

    def test_batch_is_spread_over_csms(self):
        companies = self.Partner.create(
            [{"name": f"Batch {index}", "is_company": True, "cs_tier_id": self.tier_core.id} for index in range(4)]
        )
        counts = {user: len(companies.filtered(lambda c: c.cs_csm_user_id == user)) for user in self.csm_a | self.csm_b}
        self.assertEqual(sorted(counts.values()), [2, 2])

    def test_existing_csm_is_kept_and_can_be_changed_by_hand(self):
        company = self._company("NewCo", cs_csm_user_id=self.csm_b.id)
        company.cs_tier_id = self.tier_vip
        self.assertEqual(company.cs_csm_user_id, self.csm_b)
        company.cs_csm_user_id = self.csm_a
        self.assertEqual(company.cs_csm_user_id, self.csm_a)
        company.cs_csm_user_id = False
        self.assertFalse(company.cs_csm_user_id, "clearing by hand is respected")

    def test_contact_of_a_vip_company_gets_no_csm_of_its_own(self):
        company = self._company("NewCo")
        contact = self.Partner.create({"name": "Bob", "parent_id": company.id})
        company.cs_tier_id = self.tier_vip
        self.assertEqual(contact.cs_csm_user_id, company.cs_csm_user_id)
