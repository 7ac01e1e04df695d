import logging

from lxml import etree

from odoo import Command
from odoo.tools import file_open, sql
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)

# Records of other modules that this addon's data files rewrite, with the file that ships them.
CHANGED_FOREIGN_RULES = {
    "helpdesk_mgmt.helpdesk_ticket_rule_portal": "helpdesk_mgmt/security/helpdesk_security.xml",
}
# Set when the install gave the Done stage its rating request, so that uninstall takes it back.
RATING_ON_DONE_PARAM = "customer_success_sla.rating_request_set_on_done"
HELP_BOT_SCRIPT = "customer_success_sla.chatbot_script_help_bot"
# Stored computed fields of other modules that this addon makes translatable (table, column, type).
TRANSLATED_COMPUTED_COLUMNS = [
    ("mail_activity_plan_template", "summary", "varchar"),
    ("mail_activity_plan_template", "note", "text"),
]


def _set_rating_request_on_done_stage(env):
    """Closing in Done asks for a rating, unless the stage already has a template."""
    stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done", raise_if_not_found=False)
    template = env.ref("helpdesk_mgmt_rating.rating_ticket_email_template", raise_if_not_found=False)
    if stage and template and not stage.rating_mail_template_id:
        stage.rating_mail_template_id = template
        env["ir.config_parameter"].sudo().set_param(RATING_ON_DONE_PARAM, str(template.id))


def post_init_hook(env):
    """Tickets already open when the addon is installed get their SLA clocks."""
    env["helpdesk.ticket"]._cs_sla_start_existing()
    _set_rating_request_on_done_stage(env)


def _shipped_rule_values(env, xmlid, path):
    """The field values of record ``xmlid`` as its module's XML file ships them."""
    module, name = xmlid.split(".")

    def ref(target):
        return env.ref(target if "." in target else f"{module}.{target}").id

    with file_open(path, "rb") as file:
        tree = etree.parse(file)
    record = tree.find(f".//record[@id='{name}']")
    if record is None:
        record = tree.find(f".//record[@id='{xmlid}']")
    values = {}
    for field in record.iterfind("field"):
        if field.get("ref"):  # the rule's model: never changed
            continue
        if field.get("eval") is None:
            values[field.get("name")] = field.text
            continue
        value = safe_eval(field.get("eval"), {"ref": ref, "Command": Command})
        # x2many commands add to what is there: start from nothing, as the first install did
        values[field.get("name")] = [Command.clear(), *value] if isinstance(value, list) else value
    return values


def _restore_foreign_rules(env):
    """Give other modules' record rules back the domains they ship: ours read fields that
    disappear with this addon, and every portal page would fail on them."""
    for xmlid, path in CHANGED_FOREIGN_RULES.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.sudo().write(_shipped_rule_values(env, xmlid, path))


def _restore_rating_request_on_done_stage(env):
    params = env["ir.config_parameter"].sudo()
    template_id = params.get_param(RATING_ON_DONE_PARAM)
    stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done", raise_if_not_found=False)
    if template_id and stage and stage.rating_mail_template_id.id == int(template_id):
        stage.rating_mail_template_id = False
    params.search([("key", "=", RATING_ON_DONE_PARAM)]).unlink()


def _remove_help_bot_partner(env):
    """The chatbot's operator partner is created by the chatbot itself and has no external id
    of ours: remove it with the chatbot, so that a reinstall does not add a second one."""
    script = env.ref(HELP_BOT_SCRIPT, raise_if_not_found=False)
    if not script:
        return
    partner = script.operator_partner_id.sudo()
    try:
        with env.cr.savepoint():
            script.sudo().unlink()
            partner.unlink()
    except Exception:  # noqa: BLE001 - whatever still refers to it keeps it, archived
        _logger.warning("The chatbot partner %s is still referenced; archived instead.", partner.id)
        partner.active = False


def _untranslate_computed_columns(env):
    """Give plan steps' summary and note their plain columns back, keeping the English text:
    converted by Odoo once this addon is gone, they would be recomputed from the activity
    types, which would wipe every step's own summary and note."""
    env.flush_all()
    for table, column, column_type in TRANSLATED_COMPUTED_COLUMNS:
        sql.convert_column_translatable(env.cr, table, column, column_type)
    env.invalidate_all()


def uninstall_hook(env):
    """Undo what this addon changed in other modules' data and remove what it created there."""
    _restore_foreign_rules(env)
    _restore_rating_request_on_done_stage(env)
    _remove_help_bot_partner(env)
    _untranslate_computed_columns(env)
