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
