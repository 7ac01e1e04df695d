from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import datetime, safe_eval


@tagged("post_install", "-at_install")
class TestViews(TransactionCase):
    def test_every_window_action_opens(self):
        """Each action of the addon loads its views and runs its domain, as
        the web client does when a menu is clicked."""
        actions = self.env["ir.actions.act_window"].search(
            [("id", "in", self.env["ir.model.data"].search(
                [("module", "=", "customer_success_sla"), ("model", "=", "ir.actions.act_window")]
            ).mapped("res_id"))]
        )
        self.assertGreaterEqual(len(actions), 8)
        context = {"uid": self.env.uid, "datetime": datetime, "context_today": datetime.date.today}
        for action in actions:
            with self.subTest(action=action.name):
                model = self.env[action.res_model]
                views = [(view.view_id.id, view.view_mode) for view in action.view_ids] or [
                    (False, mode) for mode in action.view_mode.split(",")
                ]
                model.get_views(views + [(False, "search")])
                model.search(safe_eval(action.domain or "[]", context), limit=1)

    def test_default_ticket_list_fits_a_laptop(self):
        """At most eight default columns, the subject among them, so that it
        reads at 1366 px; the others stay optional (issue 19)."""
        from lxml import etree

        arch = etree.fromstring(self.env["helpdesk.ticket"].get_views([(False, "list")])["views"]["list"]["arch"])
        shown = [
            field.get("name") for field in arch.iterchildren("field")
            if field.get("optional") != "hide" and field.get("column_invisible") not in ("1", "True")
            and field.get("widget") != "handle"
        ]
        self.assertLessEqual(len(shown), 8, shown)
        self.assertIn("name", shown)
        for name in ("cs_sla_status", "stage_id", "user_id"):
            self.assertIn(name, shown)
        for name in ("cs_tier_id", "cs_impact", "cs_urgency", "cs_support_level", "tag_ids", "create_date"):
            self.assertEqual(arch.xpath(f"//field[@name='{name}']")[0].get("optional"), "hide", name)
