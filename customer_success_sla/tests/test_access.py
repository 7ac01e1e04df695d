from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
class TestAccess(CustomerSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a = cls._company("Customer A", cs_tier_id=cls.tier_core.id)
        cls.customer_b = cls._company("Customer B", cs_tier_id=cls.tier_vip.id)
        cls.contact_a = cls.Partner.create({"name": "Ann", "parent_id": cls.customer_a.id, "email": "ann@a.example.com"})
        cls.colleague_a = cls.Partner.create({"name": "Andy", "parent_id": cls.customer_a.id})
        cls.contact_b = cls.Partner.create({"name": "Ben", "parent_id": cls.customer_b.id})
        cls.portal_a = new_test_user(
            cls.env, login="cs_portal_a", groups="base.group_portal", partner_id=cls.contact_a.id
        )
        cls.ticket_a = cls._ticket(cls.colleague_a)
        cls.ticket_b = cls._ticket(cls.contact_b)

    def test_portal_user_sees_own_company_tickets_only(self):
        self.contact_a.cs_admin_contact = True
        visible = self.Ticket.with_user(self.portal_a).search([])
        self.assertIn(self.ticket_a, visible)
        self.assertNotIn(self.ticket_b, visible)
        with self.assertRaises(AccessError):
            self.ticket_b.with_user(self.portal_a).read(["name"])

    def test_contacts_see_their_own_tickets_unless_main_contact_or_company_wide(self):
        own = self._ticket(self.contact_a)
        visible = self.Ticket.with_user(self.portal_a).search([])
        self.assertIn(own, visible)
        self.assertNotIn(self.ticket_a, visible, "a colleague's ticket stays private by default")
        self.customer_a.cs_portal_company_view = "everyone"
        self.assertIn(self.ticket_a, self.Ticket.with_user(self.portal_a).search([]))
        self.assertNotIn(self.ticket_b, self.Ticket.with_user(self.portal_a).search([]))

    def test_portal_user_sees_only_its_own_tier(self):
        tiers = self.env["cs.tier"].with_user(self.portal_a).search([])
        self.assertEqual(tiers, self.tier_core)

    def test_portal_user_cannot_change_classification(self):
        with self.assertRaises(AccessError):
            self.ticket_a.with_user(self.portal_a).write({"cs_urgency": "high"})

    def test_agent_classifies_tickets(self):
        self.ticket_b.with_user(self.agent).write({"cs_impact": "company", "cs_urgency": "high"})
        self.assertEqual(self.ticket_b.priority, "3")

    def test_agent_cannot_edit_the_priority_matrix(self):
        with self.assertRaises(AccessError):
            self.env.ref("customer_success_sla.priority_rule_user_low").with_user(self.agent).priority = "3"

    def test_csm_is_an_agent_and_admin_is_a_csm(self):
        self.assertTrue(self.csm_a.has_group("customer_success_sla.group_cs_agent"))
        admin = new_test_user(self.env, login="cs_admin", groups="customer_success_sla.group_cs_admin")
        self.assertTrue(admin.has_group("customer_success_sla.group_cs_manager"))
        self.assertTrue(admin.has_group("helpdesk_mgmt.group_helpdesk_manager"))
