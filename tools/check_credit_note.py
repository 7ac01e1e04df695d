#!/usr/bin/env python3
"""Install Invoicing on a copy of a database and turn an SLA credit into a credit note.

The addon does not depend on Odoo Invoicing (``account``), and the Odoo
suite runs without it. This check covers the optional path, on a copy of a
database with customer_success_sla and its demo data installed:

1. the copy is made (database and filestore) and ``account`` is installed
   (the generic chart of accounts is loaded when the company has none);
2. an account with its own SLA commitment (95 %, fee 1,000, 5 % credit below
   95 %) has 9 resolution targets met and 1 breached last month: its
   statement carries a credit of 50;
3. a customer success manager creates the credit note: a draft customer
   credit note of the account, for 50 in the statement's currency, with the
   statement as origin and reference; creating it again creates no second one;
4. the copy is dropped.

Prints one line per check and "N passed, N failed"; exits non-zero on a failure.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from checklib import Checks, run_logged

ROOT = Path(__file__).resolve().parent.parent
FILESTORE = Path.home() / ".local" / "share" / "Odoo" / "filestore"
LOG_PROBLEMS = (" ERROR ", " CRITICAL ", "Traceback")

SCENARIO = """
import json
from datetime import datetime, time, timedelta
from odoo import Command, fields
from odoo.addons.customer_success_sla.engine import sla_credit

company = env.company
if not company.chart_template:
    env['account.chart.template'].try_loading('generic_coa', company, install_demo=False)
month = sla_credit.previous_month(fields.Date.context_today(env.user))
account = env['res.partner'].create({
    'name': 'Credit Note Probe', 'is_company': True, 'tz': 'UTC',
    'cs_sla_own_commitment': True, 'cs_sla_committed_compliance': 95, 'cs_sla_monthly_fee': 1000,
    'cs_sla_credit_rule_ids': [Command.create({'threshold': 95, 'credit_percent': 5}),
                               Command.create({'threshold': 90, 'credit_percent': 10})],
})
target = env['cs.sla.target'].search([('kind', '=', 'resolution')], limit=1)
ticket = env['helpdesk.ticket'].create({'name': 'Credit probe', 'description': '<p>x</p>', 'partner_id': account.id})
when = datetime.combine(month + timedelta(days=14), time(12))
env['cs.ticket.sla'].sudo().create([{
    'ticket_id': ticket.id, 'policy_id': target.policy_id.id, 'target_id': target.id, 'kind': 'resolution',
    'calendar_id': company.resource_calendar_id.id, 'start_date': when - timedelta(hours=2),
    'target_hours': 4, 'deadline': when, 'status': status,
    'reached_date': when if status == 'met' else False,
} for status in ['met'] * 9 + ['breached']])
statement = env['cs.sla.statement'].sudo()._cs_issue(account, month)
manager = env['res.users'].with_context(no_reset_password=True).create({
    'name': 'Credit Note Manager', 'login': 'cs.credit.note.manager',
    'group_ids': [Command.link(env.ref('customer_success_sla.group_cs_manager').id)],
})
agent = env['res.users'].with_context(no_reset_password=True).create({
    'name': 'Credit Note Agent', 'login': 'cs.credit.note.agent',
    'group_ids': [Command.link(env.ref('customer_success_sla.group_cs_agent').id)],
})
buttons = {
    who: [name for name in ('action_cs_create_credit_note', 'action_cs_open_credit_note')
          if name in user.env['cs.sla.statement'].with_user(user).get_views([(False, 'form')])['views']['form']['arch']]
    for who, user in (('manager', manager), ('agent', agent))
}
statement = statement.with_user(manager)
before = statement.cs_credit_note_move_id
first = statement.action_cs_create_credit_note()
second = statement.action_cs_create_credit_note()
statement.invalidate_recordset()
opened = statement.action_cs_open_credit_note()
moves = env['account.move'].search([('invoice_origin', '=', statement.name)])
print('CS-CREDIT ' + json.dumps({
    'chart': company.chart_template,
    'credit': statement.credit_amount, 'currency': statement.currency_id.name,
    'installed': statement.cs_invoicing_installed, 'before': before, 'linked': statement.cs_credit_note_move_id,
    'buttons': buttons, 'opened': opened.get('res_id'),
    'first': first.get('res_id'), 'second': second.get('res_id'), 'model': first.get('res_model'),
    'moves': [{'id': move.id, 'type': move.move_type, 'state': move.state, 'partner': move.partner_id.id,
               'amount': move.amount_total, 'currency': move.currency_id.name, 'ref': move.ref,
               'lines': move.invoice_line_ids.mapped('name')} for move in moves],
    'account': account.id, 'name': statement.name, 'month': f'{month:%Y-%m}',
}))
env.cr.commit()
"""


def _odoo(*args):
    return [sys.executable, "-m", "odoo", *args, f"--addons-path={ROOT}", "--max-cron-threads=0", "--no-http"]


def _problems(text):
    return [line for line in text.splitlines() if any(word in line for word in LOG_PROBLEMS)]


def _copy(database, copy):
    subprocess.run(["createdb", "-T", database, copy], check=True)
    if (FILESTORE / database).is_dir():
        shutil.copytree(FILESTORE / database, FILESTORE / copy)


def _drop(copy):
    subprocess.run(["dropdb", "--if-exists", copy], check=False, capture_output=True)
    shutil.rmtree(FILESTORE / copy, ignore_errors=True)


def _scenario_checks(checks, result):
    checks.check("a chart of accounts is loaded", bool(result["chart"]), result["chart"])
    checks.check("the statement carries a credit of 50", result["credit"] == 50, result["credit"])
    checks.check("the statement sees Invoicing installed and no credit note yet",
                 result["installed"] and not result["before"], result)
    checks.check("the form shows the credit note buttons to managers, not to agents",
                 result["buttons"] == {"manager": ["action_cs_create_credit_note", "action_cs_open_credit_note"],
                                       "agent": []}, result["buttons"])
    moves = result["moves"]
    checks.check("creating twice makes exactly one credit note", len(moves) == 1, moves)
    if not moves:
        return
    move = moves[0]
    checks.check("it is a draft customer credit note of the account",
                 (move["type"], move["state"], move["partner"]) == ("out_refund", "draft", result["account"]), move)
    checks.check("for the credit in the statement's currency",
                 move["amount"] == result["credit"] and move["currency"] == result["currency"], move)
    checks.check("with the statement as origin and reference and one line 'SLA credit <month>'",
                 move["ref"] == result["name"] and move["lines"] == [f"SLA credit {result['month']}"], move)
    checks.check("both calls open it, the statement links it and 'Credit Note' opens it",
                 result["model"] == "account.move" and result["first"] == result["second"]
                 == result["linked"] == result["opened"] == move["id"], result)


def check_credit_note(database, logs):
    """Run every check on a copy of ``database`` (the addon installed with demo data); returns Checks."""
    checks = Checks("credit note")
    logs = Path(logs)
    copy = f"{database}_credit"
    _drop(copy)
    _copy(database, copy)
    try:
        code, text = run_logged(_odoo("-d", copy, "-i", "account", "--stop-after-init", "--log-level=warn"),
                          logs / "credit_note_install.log")
        problems = _problems(text)
        if not checks.check("installing Invoicing logs no error", not code and not problems,
                            "; ".join(problems[:3]) or logs / "credit_note_install.log"):
            return checks
        code, text = run_logged(_odoo("shell", "-d", copy, "--log-level=warn"), logs / "credit_note.log", SCENARIO)
        result = next((json.loads(line[len("CS-CREDIT "):]) for line in text.splitlines()
                       if line.startswith("CS-CREDIT ")), None)
        problems = _problems(text)
        if not checks.check("the scenario runs without error", result is not None and not problems,
                            "; ".join(problems[:3]) or logs / "credit_note.log"):
            return checks
        _scenario_checks(checks, result)
    finally:
        _drop(copy)
    return checks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="a database with the addon and demo data (left unchanged)")
    options = parser.parse_args()
    logs = Path(tempfile.mkdtemp(prefix="cs_credit_note_logs_"))
    checks = check_credit_note(options.database, logs)
    print(f"Logs: {logs}")
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
