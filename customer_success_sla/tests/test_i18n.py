from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

I18N = Path(__file__).resolve().parent.parent / "i18n"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_every_exported_term_has_a_chinese_translation(self):
        terms = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, modules=["customer_success_sla"]
            )
            if module == "customer_success_sla" and source
        }
        chinese = {entry.msgid: entry.msgstr for entry in polib.pofile(str(I18N / "zh_CN.po"))}
        template = {entry.msgid for entry in polib.pofile(str(I18N / "customer_success_sla.pot"))}
        self.assertGreater(len(terms), 100)
        self.assertFalse(sorted(terms - template), "terms missing from the .pot: re-export it")
        self.assertFalse(
            sorted(term for term in terms if not chinese.get(term)), "terms without a zh_CN translation"
        )

    def test_chinese_is_served_to_users(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_success_sla"], ["zh_CN"], overwrite=True)
        tier = self.env.ref("customer_success_sla.tier_vip").with_context(lang="zh_CN")
        field = self.env["res.partner"].with_context(lang="zh_CN")._fields["cs_tier_id"]
        self.assertEqual(field._description_string(tier.env), "客户等级")
