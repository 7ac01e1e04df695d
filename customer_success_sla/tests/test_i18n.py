from pathlib import Path

import polib

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.translate import TranslationModuleReader, code_translations

ADDON = Path(__file__).resolve().parent.parent
I18N = ADDON / "i18n"
I18N_EXTRA = ADDON / "i18n_extra"
# OCA modules that ship no Chinese: this addon carries it (i18n_extra/zh_CN.po).
HELPDESK_MODULES = ("helpdesk_mgmt", "helpdesk_mgmt_rating", "helpdesk_ticket_partner_response")


def _exported_terms(cr, modules):
    """(module, reference, source, comments) of every term Odoo's exporter
    lists for ``modules``; references as the exporter writes them in a .po."""
    for module, type_, name, res_id, source, _value, comments in TranslationModuleReader(cr, modules=list(modules)):
        if module in modules and source:
            reference = f"code:{name}" if type_ == "code" else f"{type_}:{name}:{res_id}"
            yield module, reference, source, comments


def _served_in_chinese(module, source, comments):
    """Whether Odoo serves ``source``, a code term of ``module``, in Chinese:
    Python terms from the entries marked odoo-python, JavaScript and OWL
    template terms from those marked odoo-javascript."""
    if "odoo-javascript" in comments:
        return any(message["id"] == source
                   for message in code_translations.get_web_translations(module, "zh_CN")["messages"])
    return source in code_translations.get_python_translations(module, "zh_CN")


def _without_chinese(cr, modules, po_paths):
    """(number of terms, terms a Chinese reader would see in English) of the
    terms Odoo exports for ``modules``: model terms with no translated entry
    of ``po_paths`` naming their record (Odoo's importer applies an entry to
    the references it lists only), code terms Odoo does not serve in Chinese."""
    translated = {
        (reference, entry.msgid)
        for path in po_paths for entry in polib.pofile(str(path)) if entry.msgstr
        for reference, _line in entry.occurrences
    }
    count, missing = 0, []
    for module, reference, source, comments in _exported_terms(cr, modules):
        count += 1
        if reference.startswith("code:"):
            found = _served_in_chinese(module, source, comments)
        else:
            found = (reference, source) in translated
        if not found:
            missing.append(f"{reference}: {source!r}")
    return count, missing


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_every_exported_term_has_a_chinese_translation(self):
        terms = {source for _module, _ref, source, _comments in _exported_terms(self.env.cr, ["customer_success_sla"])}
        template = {entry.msgid for entry in polib.pofile(str(I18N / "customer_success_sla.pot"))}
        self.assertFalse(sorted(terms - template), "terms missing from the .pot: re-export it")
        count, missing = _without_chinese(self.env.cr, ["customer_success_sla"], [I18N / "zh_CN.po"])
        self.assertGreater(count, 1000)
        self.assertEqual(len(missing), 0, "terms without Chinese in i18n/zh_CN.po (tools/update_i18n.py lists "
                         "them):\n" + "\n".join(missing))

    def test_every_helpdesk_term_has_a_chinese_translation(self):
        """Each term of the OCA helpdesk modules has Chinese where Odoo looks
        for it (code terms through helpdesk_code_terms.py)."""
        count, missing = _without_chinese(self.env.cr, HELPDESK_MODULES, [I18N_EXTRA / "zh_CN.po"])
        self.assertGreater(count, 300)
        self.assertEqual(len(missing), 0,
                         "helpdesk terms without Chinese in i18n_extra/zh_CN.po:\n" + "\n".join(missing))

    def test_no_helpdesk_entry_is_left_over(self):
        """An i18n_extra entry that no longer matches what its record says is
        dropped: the importer would still apply a whole-text translation (a
        mail template's body or subject) to the record it names, over the
        current text."""
        exported = {(reference, source) for _m, reference, source, _c in _exported_terms(self.env.cr, HELPDESK_MODULES)}
        stale = []
        for entry in polib.pofile(str(I18N_EXTRA / "zh_CN.po")):
            for reference, _line in entry.occurrences:
                xmlid = reference.rsplit(":", 1)[-1]
                if reference.startswith("model") and not self.env.ref(xmlid, raise_if_not_found=False):
                    continue  # demo data not installed
                if reference.startswith("code:"):
                    continue  # checked against what the module serves, above
                if (reference, entry.msgid) not in exported:
                    stale.append(f"{reference}: {entry.msgid[:80]!r}")
        self.assertEqual(len(stale), 0, "i18n_extra/zh_CN.po entries no longer exported:\n" + "\n".join(stale))

    def test_chinese_is_served_to_users(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_success_sla"], ["zh_CN"], overwrite=True)
        tier = self.env.ref("customer_success_sla.tier_vip").with_context(lang="zh_CN")
        field = self.env["res.partner"].with_context(lang="zh_CN")._fields["cs_tier_id"]
        self.assertEqual(field._description_string(tier.env), "客户等级")


@tagged("post_install", "-at_install")
class TestChineseBackOffice(TransactionCase):
    """What a Chinese member of staff reads: helpdesk_mgmt's own labels and
    messages, KPI names, the activities playbooks schedule for them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["customer_success_sla", *HELPDESK_MODULES], ["zh_CN"])
        cls.agent = new_test_user(cls.env, login="cs_zh_agent", name="王芳", lang="zh_CN",
                                  groups="customer_success_sla.group_cs_agent")
        cls.csm = new_test_user(cls.env, login="cs_zh_csm", name="李伟", lang="zh_CN",
                                groups="customer_success_sla.group_cs_manager")
        cls.zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))

    def test_helpdesk_field_labels_and_values_are_chinese(self):
        fields = self.zh["helpdesk.ticket"].with_user(self.agent).fields_get(
            ["user_id", "stage_id", "priority", "kanban_state"], ["string", "selection"])
        self.assertEqual(fields["user_id"]["string"], "处理人")
        self.assertEqual(fields["stage_id"]["string"], "阶段")
        self.assertEqual(dict(fields["priority"]["selection"])["3"], "非常高")
        self.assertEqual(dict(fields["kanban_state"]["selection"])["blocked"], "受阻")
        self.assertEqual(self.zh.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").name, "处理中")
        self.assertEqual(self.zh.ref("helpdesk_mgmt.helpdesk_ticket_config_main_menu").name, "配置")
        team_fields = self.zh["helpdesk.ticket.team"].fields_get(["autoupdate_ticket_stage"], ["string"])
        self.assertEqual(team_fields["autoupdate_ticket_stage"]["string"], "自动更新工单阶段")

    def test_helpdesk_messages_from_code_are_chinese(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Team without the agent"})
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer", "description": "<p>Jam</p>", "team_id": team.id})
        with self.assertRaisesRegex(AccessError, "不能将其指派给自己"):
            ticket.with_user(self.agent).with_context(lang="zh_CN").assign_to_me()
        tiles = self.zh["helpdesk.ticket.team"].retrieve_dashboard()
        self.assertIn("未关闭工单", [tile["name"] for tile in tiles])

    def test_kpi_names_are_chinese(self):
        board = self.zh["cs.kpi.dashboard"].create({})
        labels = dict(self.zh["cs.kpi.target"]._fields["code"]._description_selection(self.zh))
        self.assertEqual({line.code: line.name for line in board.line_ids},
                         {code: labels[code] for code in board.line_ids.mapped("code")})
        self.assertEqual(labels["backlog"], "积压工单")

    def test_kpi_target_error_names_the_kpi_in_chinese(self):
        target = self.zh.ref("customer_success_sla.kpi_target_first_response")
        with self.assertRaisesRegex(ValidationError, "对于 平均首次响应时间（分钟） 无法达到"):
            target.target = -1

    def test_playbook_activities_read_in_their_assignee_language(self):
        plan = self.env.ref("customer_success_sla.plan_at_risk")
        step = plan.template_ids[:1]
        step.with_context(lang="zh_CN").summary = "一个工作日内致电客户"
        account = self.env["res.partner"].create({"name": "上海客户", "is_company": True, "cs_csm_user_id": self.csm.id})
        self.env.invalidate_all()
        account.with_context(lang="en_US")._cs_launch_plan(plan)  # e.g. the health job, in English
        self.assertIn("一个工作日内致电客户", account.activity_ids.mapped("summary"))

    def test_onboarding_activities_read_in_the_csm_language(self):
        plan = self.env.ref("customer_success_sla.plan_onboarding_vip")
        step = plan.template_ids.sorted("sequence")[:1]
        step.with_context(lang="zh_CN").summary = "与客户发起人进行欢迎电话"
        account = self.env["res.partner"].create({"name": "北京客户", "is_company": True, "cs_csm_user_id": self.csm.id})
        self.env.invalidate_all()
        # won by an English-speaking salesperson
        account.with_context(lang="en_US")._cs_start_onboarding(tier=self.env.ref("customer_success_sla.tier_vip"))
        self.assertIn("与客户发起人进行欢迎电话", account.activity_ids.mapped("summary"))
