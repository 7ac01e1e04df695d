from odoo.tests import tagged

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
class TestAccountPropagation(CustomerSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls._company("Acme", cs_tier_id=cls.tier_core.id, cs_csm_user_id=cls.csm_a.id)
        cls.contact = cls.Partner.create({"name": "Alice", "parent_id": cls.company.id})

    def test_new_contact_follows_company_tier_and_csm(self):
        self.assertEqual(self.contact.cs_tier_id, self.tier_core)
        self.assertEqual(self.contact.cs_csm_user_id, self.csm_a)

    def test_company_change_reaches_existing_contacts(self):
        self.company.write({"cs_tier_id": self.tier_vip.id, "cs_csm_user_id": self.csm_b.id})
        self.assertEqual(self.contact.cs_tier_id, self.tier_vip)
        self.assertEqual(self.contact.cs_csm_user_id, self.csm_b)

    def test_clearing_the_company_tier_clears_contacts(self):
        self.company.cs_tier_id = False
        self.assertFalse(self.contact.cs_tier_id)

    def test_contact_moved_to_another_company_takes_its_tier(self):
        other = self._company("Other", cs_tier_id=self.tier_standard.id)
        self.contact.parent_id = other
        self.assertEqual(self.contact.cs_tier_id, self.tier_standard)

    def test_ticket_tier_comes_from_commercial_partner(self):
        ticket = self._ticket(self.contact)
        self.assertEqual(ticket.cs_tier_id, self.tier_core)

    def test_ticket_tier_follows_tier_change(self):
        ticket = self._ticket(self.contact)
        self.company.cs_tier_id = self.tier_vip
        self.assertEqual(ticket.cs_tier_id, self.tier_vip)

    def test_ticket_tier_follows_customer_change(self):
        ticket = self._ticket(self.contact)
        other = self._company("Other", cs_tier_id=self.tier_standard.id)
        ticket.partner_id = other
        self.assertEqual(ticket.cs_tier_id, self.tier_standard)
        ticket.partner_id = False
        self.assertFalse(ticket.cs_tier_id)

    def test_new_ticket_defaults_to_level_one(self):
        self.assertEqual(self._ticket(self.contact).cs_support_level, "l1")
