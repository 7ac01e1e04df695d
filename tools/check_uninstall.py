#!/usr/bin/env python3
"""Uninstall the addon, check that the portal still works, reinstall it.

On a database with customer_success_sla and its demo data installed (a
throwaway one is created when none is given):

1. a portal customer with a ticket of his own is prepared;
2. the addon is uninstalled: the log must hold no error;
3. helpdesk_mgmt's portal rule is back as helpdesk_mgmt ships it and no
   "Help Centre Bot" partner is left;
4. the customer opens /my/tickets and his ticket page (HTTP 200, ticket listed);
5. the addon is reinstalled: no error, exactly one "Help Centre Bot" partner,
   the company view of the portal in place again, /my/tickets still 200.

Prints one line per check and "N passed, N failed"; exits non-zero on a failure.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from checklib import Checks, run_logged, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
ADDON = "customer_success_sla"
PROBE_LOGIN = "cs.uninstall.probe"
PROBE_TICKET = "Uninstall probe: printer on fire"
BOT_NAME = "Help Centre Bot"
LOG_PROBLEMS = (" ERROR ", " CRITICAL ", "Traceback")

PREPARE = f"""
partner = env['res.partner'].create({{'name': 'Uninstall Probe', 'email': 'probe@example.com'}})
user = env['res.users'].with_context(no_reset_password=True).create({{
    'name': 'Uninstall Probe', 'login': {PROBE_LOGIN!r}, 'password': {PROBE_LOGIN!r},
    'partner_id': partner.id, 'group_ids': [(6, 0, [env.ref('base.group_portal').id])],
}})
env['helpdesk.ticket'].create({{
    'name': {PROBE_TICKET!r}, 'description': '<p>probe</p>', 'partner_id': partner.id,
}})
env.cr.commit()
"""
UNINSTALL = f"""
env['ir.module.module'].search([('name', '=', {ADDON!r})]).button_immediate_uninstall()
env.cr.commit()
"""
STATE = f"""
import json
rule = env.ref('helpdesk_mgmt.helpdesk_ticket_rule_portal')
ticket = env['helpdesk.ticket'].search([('name', '=', {PROBE_TICKET!r})], limit=1)
print('CS-STATE ' + json.dumps({{
    'module': env['ir.module.module'].search([('name', '=', {ADDON!r})]).state,
    'rule_domain': rule.domain_force,
    'rule_groups': sorted(rule.groups.get_external_id().values()),
    'bots': env['res.partner'].with_context(active_test=False).search_count([('name', '=', {BOT_NAME!r})]),
    'ticket_id': ticket.id,
}}))
"""


def _odoo(*args):
    return [sys.executable, "-m", "odoo", *args, f"--addons-path={ROOT}", "--max-cron-threads=0"]


def _shell(database, script, log_path):
    return run_logged(_odoo("shell", "-d", database, "--no-http", "--log-level=info"), log_path, script)


def _problems(text):
    return [line for line in text.splitlines() if any(word in line for word in LOG_PROBLEMS)]


def _state(database, log_path):
    code, text = _shell(database, STATE, log_path)
    for line in text.splitlines():
        if line.startswith("CS-STATE "):
            return json.loads(line[len("CS-STATE "):])
    raise RuntimeError(f"no state from the shell (exit code {code}), see {log_path}")


def _shipped_portal_rule():
    """helpdesk_mgmt's portal ticket rule, as its security file ships it."""
    from lxml import etree

    spec = importlib.util.find_spec("odoo.addons.helpdesk_mgmt")
    path = Path(spec.origin).parent / "security" / "helpdesk_security.xml"
    record = etree.parse(str(path)).find(".//record[@id='helpdesk_ticket_rule_portal']")
    return record.find("field[@name='domain_force']").text




def _portal_pages(checks, database, port, ticket_id, log_path, when):
    """Open the customer's ticket list and ticket page through a real server."""
    command = _odoo(
        "-d", database, f"--db-filter=^{database}$", "--http-interface=127.0.0.1",
        f"--http-port={port}", "--log-level=info",
    )
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        if not checks.check(f"server starts {when}", wait_for_port(port, server, timeout=90), log_path):
            return
        base = f"http://127.0.0.1:{port}"
        session = requests.Session()
        login = session.post(f"{base}/web/session/authenticate", json={"params": {
            "db": database, "login": PROBE_LOGIN, "password": PROBE_LOGIN,
        }}, timeout=60).json()
        checks.check(f"portal customer logs in {when}", login.get("result", {}).get("uid"), login)
        page = session.get(f"{base}/my/tickets", timeout=60)
        checks.check(
            f"/my/tickets answers 200 and lists the customer's ticket {when}",
            page.status_code == 200 and PROBE_TICKET in page.text,
            f"HTTP {page.status_code}",
        )
        page = session.get(f"{base}/my/ticket/{ticket_id}", timeout=60)
        checks.check(
            f"/my/ticket/<id> answers 200 {when}",
            page.status_code == 200 and PROBE_TICKET in page.text,
            f"HTTP {page.status_code}",
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    problems = _problems(Path(log_path).read_text(errors="replace"))
    checks.check(f"the server logs no error {when}", not problems, "; ".join(problems[:3]))


def check_uninstall(database, port, logs):
    """Run every check on ``database`` (the addon installed with demo data); returns Checks."""
    checks = Checks("uninstall")
    logs = Path(logs)
    code, text = _shell(database, PREPARE, logs / "uninstall_prepare.log")
    if not checks.check("prepare a portal customer with a ticket", not code and not _problems(text),
                        logs / "uninstall_prepare.log"):
        return checks

    code, text = _shell(database, UNINSTALL, logs / "uninstall.log")
    problems = _problems(text)
    checks.check("uninstall logs no error", not code and not problems, "; ".join(problems[:3]))
    state = _state(database, logs / "uninstall_state.log")
    checks.check("the addon is uninstalled", state["module"] == "uninstalled", state["module"])
    checks.check(
        "helpdesk_mgmt's portal rule is back as helpdesk_mgmt ships it",
        state["rule_domain"] == _shipped_portal_rule() and state["rule_groups"] == ["base.group_portal"],
        state,
    )
    checks.check(f"no '{BOT_NAME}' partner is left", state["bots"] == 0, state["bots"])
    _portal_pages(checks, database, port, state["ticket_id"], logs / "uninstall_server.log",
                  "after uninstall")

    code, text = run_logged(
        _odoo("-d", database, "-i", ADDON, "--stop-after-init", "--no-http", "--log-level=info"),
        logs / "reinstall.log",
    )
    problems = _problems(text)
    checks.check("reinstall logs no error", not code and not problems, "; ".join(problems[:3]))
    state = _state(database, logs / "reinstall_state.log")
    checks.check("the addon is installed again", state["module"] == "installed", state["module"])
    checks.check(f"exactly one '{BOT_NAME}' partner", state["bots"] == 1, state["bots"])
    checks.check("the portal company view is in place again", "cs_admin_contact" in state["rule_domain"],
                 state["rule_domain"])
    _portal_pages(checks, database, port, state["ticket_id"], logs / "reinstall_server.log",
                  "after reinstall")
    return checks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a database with the addon and demo data (default: a new one)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("CS_TEST_PORT", "8169")))
    parser.add_argument("--name", help="name of the database to create (default: cs_test_uninstall_<pid>_<time>)")
    parser.add_argument("--keep-db", action="store_true", help="keep the database created")
    options = parser.parse_args()
    logs = Path(tempfile.mkdtemp(prefix="cs_uninstall_logs_"))
    database = options.database or options.name or f"cs_test_uninstall_{os.getpid()}_{int(time.time())}"
    try:
        if not options.database:
            code, text = run_logged(
                _odoo("-d", database, "-i", ADDON, "--with-demo", "--stop-after-init", "--no-http",
                      "--log-level=warn"),
                logs / "install.log",
            )
            if code or _problems(text):
                print(text[-3000:])
                print("0 passed, 1 failed")
                return 1
        checks = check_uninstall(database, options.port, logs)
    finally:
        if not options.database and not options.keep_db:
            subprocess.run(["dropdb", "--if-exists", database])
    print(f"Logs: {logs}")
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
