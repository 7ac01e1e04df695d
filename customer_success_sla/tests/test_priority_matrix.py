from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPriorityMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["cs.priority.rule"]
        cls.Ticket = cls.env["helpdesk.ticket"]

    def _ticket(self, **values):
        return self.Ticket.create({"name": "Issue", "description": "<p>x</p>", **values})

    def test_shipped_matrix_is_complete(self):
        self.assertEqual(len(self.Rule.search([])), 9)

    def test_corners_of_the_default_matrix(self):
        self.assertEqual(self._ticket(cs_impact="company", cs_urgency="high").priority, "3")
        self.assertEqual(self._ticket(cs_impact="user", cs_urgency="low").priority, "0")
        self.assertEqual(self._ticket().priority, "1", "one user, medium urgency")

    def test_changing_impact_or_urgency_recomputes_priority(self):
        ticket = self._ticket(cs_impact="user", cs_urgency="low")
        ticket.cs_impact = "company"
        self.assertEqual(ticket.priority, "1")
        ticket.cs_urgency = "high"
        self.assertEqual(ticket.priority, "3")

    def test_explicit_priority_wins_at_creation(self):
        self.assertEqual(self._ticket(cs_impact="user", cs_urgency="low", priority="3").priority, "3")

    def test_edited_cell_applies_to_new_tickets(self):
        self.env.ref("customer_success_sla.priority_rule_user_low").priority = "2"
        self.assertEqual(self._ticket(cs_impact="user", cs_urgency="low").priority, "2")

    def test_deleting_a_cell_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Missing: .*One user"):
            self.env.ref("customer_success_sla.priority_rule_user_low").unlink()

    def test_duplicate_cell_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Rule.create({"impact": "user", "urgency": "low", "priority": "3"})
