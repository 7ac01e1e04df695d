from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open, sql

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .. import hooks


@tagged("post_install", "-at_install")
class TestUninstall(TransactionCase):
    """What the uninstall hook does; tools/check_uninstall.py uninstalls for real."""

    def test_priority_matrix_is_removed_with_the_addon(self):
        rules = self.env["cs.priority.rule"].search([])
        with self.assertRaises(ValidationError):
            rules[:1].unlink()
        rules.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
        self.assertFalse(rules.exists())

    def test_helpdesk_portal_rule_is_restored_as_helpdesk_mgmt_ships_it(self):
        rule = self.env.ref("helpdesk_mgmt.helpdesk_ticket_rule_portal")
        self.assertIn("cs_admin_contact", rule.domain_force)
        rule.groups |= self.env.ref("base.group_user")
        hooks._restore_foreign_rules(self.env)
        with file_open("helpdesk_mgmt/security/helpdesk_security.xml", "rb") as file:
            shipped = etree.parse(file).find(".//record[@id='helpdesk_ticket_rule_portal']")
        self.assertEqual(rule.domain_force, shipped.find("field[@name='domain_force']").text)
        self.assertEqual(rule.groups, self.env.ref("base.group_portal"))

    def test_help_bot_partner_is_removed(self):
        script = self.env.ref(hooks.HELP_BOT_SCRIPT, raise_if_not_found=False)
        if not script:
            self.skipTest("the Help Centre Bot comes with the demo data")
        partner = script.operator_partner_id
        hooks._remove_help_bot_partner(self.env)
        self.assertFalse(script.exists())
        self.assertFalse(partner.exists())

    def test_rating_request_on_done_is_taken_back_only_when_the_install_set_it(self):
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        template = self.env.ref("helpdesk_mgmt_rating.rating_ticket_email_template")
        stage.rating_mail_template_id = False
        hooks._set_rating_request_on_done_stage(self.env)
        self.assertEqual(stage.rating_mail_template_id, template)
        hooks._restore_rating_request_on_done_stage(self.env)
        self.assertFalse(stage.rating_mail_template_id)
        # An administrator's own choice, made before the install, stays.
        stage.rating_mail_template_id = template
        hooks._set_rating_request_on_done_stage(self.env)
        hooks._restore_rating_request_on_done_stage(self.env)
        self.assertEqual(stage.rating_mail_template_id, template)

    def _plan_step_columns(self, step):
        self.env.flush_all()
        self.env.cr.execute("SELECT summary, note FROM mail_activity_plan_template WHERE id = %s", [step.id])
        return self.env.cr.fetchone()

    def _plan_step(self):
        plan = self.env["mail.activity.plan"].create({"name": "Own plan", "res_model": "res.partner"})
        return self.env["mail.activity.plan.template"].create({
            "plan_id": plan.id, "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "summary": "Own summary", "note": "<p>Own note</p>",
        })

    def test_plan_steps_keep_their_summary_and_note_when_the_addon_goes(self):
        step = self._plan_step()
        hooks._untranslate_computed_columns(self.env)
        self.assertEqual(self._plan_step_columns(step), ("Own summary", "<p>Own note</p>"))

    def test_plan_steps_keep_their_summary_and_note_when_the_addon_comes(self):
        step = self._plan_step()
        hooks._untranslate_computed_columns(self.env)  # as before the install
        Template = self.env["mail.activity.plan.template"]
        Template._cs_convert_translated_columns()
        self.env.invalidate_all()
        self.assertEqual(self._plan_step_columns(step), ({"en_US": "Own summary"}, {"en_US": "<p>Own note</p>"}))
        # Odoo's own schema update now leaves the columns as they are, and recomputes nothing.
        columns = sql.table_columns(self.env.cr, Template._table)
        self.assertFalse(Template._fields["summary"].update_db(Template, columns))
        self.assertFalse(Template._fields["note"].update_db(Template, columns))
