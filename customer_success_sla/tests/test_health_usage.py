import base64

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .health_common import HealthCase


@tagged("post_install", "-at_install")
class TestUsageImport(HealthCase):
    def test_import_keeps_good_rows_and_reports_each_bad_one(self):
        self.account.ref = "ACME-1"
        contact = self.Partner.create({"name": "Jane", "parent_id": self.account.id})
        rows = [
            {"partner_id": self.account.id, "date": "2026-05-01", "active_users": 8, "licensed_seats": 10,
             "logins": 40, "features_used": 4},
            {"account_ref": "ACME-1", "date": "2026-05-02", "active_users": "9", "licensed_seats": "10"},
            {"account": "Nobody Inc", "date": "2026-05-01", "active_users": 1},
            {"partner_id": self.account.id, "date": "2026-05-03", "active_users": -2},
            {"partner_id": self.account.id, "date": "yesterday", "active_users": 2},
            {"partner_id": contact.id, "date": "2026-05-04", "active_users": 2},
            {"date": "2026-05-04"},
            {"partner_id": self.account.id, "date": "2026-05-05", "logins": "lots"},
        ]
        outcome = self.env["cs.usage.snapshot"].cs_import_rows(rows)
        self.assertEqual((outcome["created"], outcome["updated"]), (2, 0))
        self.assertEqual([error["row"] for error in outcome["errors"]], [3, 4, 5, 6, 7, 8])
        messages = [error["message"] for error in outcome["errors"]]
        self.assertIn("Unknown account", messages[0])
        self.assertIn("negative", messages[1])
        self.assertIn("date", messages[2])
        self.assertIn("Unknown account", messages[3], "a contact is not an account")
        self.assertIn("No account", messages[4])
        self.assertIn("whole number", messages[5])
        snapshots = self.account.cs_usage_snapshot_ids
        self.assertEqual(sorted(snapshots.mapped("active_users")), [8, 9])

    def test_a_second_import_of_a_day_updates_it(self):
        Snapshot = self.env["cs.usage.snapshot"]
        Snapshot.cs_import_rows([{"partner_id": self.account.id, "date": "2026-05-01", "active_users": 8}])
        outcome = Snapshot.cs_import_rows([{"partner_id": self.account.id, "date": "2026-05-01", "active_users": 9}])
        self.assertEqual((outcome["created"], outcome["updated"]), (0, 1))
        self.assertEqual(self.account.cs_usage_snapshot_ids.active_users, 9)

    def test_negative_counts_and_contacts_are_refused_on_create(self):
        Snapshot = self.env["cs.usage.snapshot"]
        with self.assertRaises(ValidationError):
            Snapshot.create({"partner_id": self.account.id, "date": "2026-05-01", "licensed_seats": -1})
        contact = self.Partner.create({"name": "Jane", "parent_id": self.account.id})
        with self.assertRaises(ValidationError):
            Snapshot.create({"partner_id": contact.id, "date": "2026-05-01"})

    def test_csv_wizard_reports_bad_lines_by_line_number(self):
        csv_text = (
            "account,date,active_users,licensed_seats,logins,features_used\n"
            "Acme Health,2026-05-01,5,10,20,3\n"
            "Ghost Ltd,2026-05-01,5,10,20,3\n"
            "Acme Health,2026-05-02,-5,10,20,3\n"
        )
        wizard = self.env["cs.usage.import.wizard"].with_user(self.csm_a).create(
            {"file": base64.b64encode(csv_text.encode()), "filename": "usage.csv"})
        wizard.action_import()
        self.assertEqual(wizard.error_count, 2)
        self.assertIn("1 snapshot(s) created", wizard.result)
        self.assertIn("Line 3: Unknown account “Ghost Ltd”", wizard.result)
        self.assertIn("Line 4:", wizard.result)
        self.assertEqual(self.account.cs_usage_snapshot_ids.active_users, 5)
