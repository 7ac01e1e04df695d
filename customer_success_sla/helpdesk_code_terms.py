"""Translations of the code terms of the OCA helpdesk modules this addon
depends on (helpdesk_mgmt, helpdesk_mgmt_rating, helpdesk_ticket_partner_response).

Those modules ship no Chinese. Odoo applies the model terms of this addon's
``i18n_extra/<lang>.po`` (field labels, views, menus, their data) to the
records they name, whatever module owns them, but looks up code terms
(``_()`` in Python, ``_t()`` in JavaScript: error messages, portal sort
labels, dashboard tiles) in the .po files of the module whose code says them
only, and offers no hook to add any. The lookup is extended here, once per
process, so that those modules' code terms are also read from the entries of
this addon's .po files that name them (``#. module: helpdesk_mgmt``); their own
.po files, if they ever ship one, still win.
"""

from odoo.tools.translate import CodeTranslations, code_translations

ADDON = "customer_success_sla"
EXTENDED_MODULES = frozenset({"helpdesk_mgmt", "helpdesk_mgmt_rating", "helpdesk_ticket_partner_response"})


def _with_extended_modules(get_code_translations):
    def _get_code_translations(module_name, lang, filter_func):
        translations = get_code_translations(module_name, lang, filter_func)
        if module_name not in EXTENDED_MODULES:
            return translations
        ours = get_code_translations(
            ADDON, lang, lambda row: row.get("module") in EXTENDED_MODULES and filter_func(row)
        )
        return {**ours, **translations}

    _get_code_translations.cs_extended = True
    return _get_code_translations


def install():
    if not getattr(CodeTranslations._get_code_translations, "cs_extended", False):
        CodeTranslations._get_code_translations = staticmethod(
            _with_extended_modules(CodeTranslations._get_code_translations)
        )
    # Terms those modules looked up before this addon was loaded are read again.
    for cache in (code_translations.python_translations, code_translations.web_translations):
        for key in [key for key in cache if key[0] in EXTENDED_MODULES]:
            cache.pop(key, None)
