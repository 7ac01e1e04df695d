#!/usr/bin/env python3
"""Run every test of the project and print one closing line.

1. the pure-logic unit tests (pytest, no Odoo);
2. on a throwaway database: install the addon with its demo data, run the
   post-install tests of this addon and of OCA ``helpdesk_mgmt``;
3. run the at-install tests of ``helpdesk_mgmt``, ``helpdesk_mgmt_rating``
   and ``helpdesk_ticket_partner_response`` again with this addon installed (Odoo runs those while installing them,
   before our addon loads);
4. on a copy of the database, install Invoicing and turn an SLA credit into
   a draft credit note (tools/check_credit_note.py; the addon does not
   depend on ``account``);
5. start a streaming read replica of the PostgreSQL server and Odoo with
   ``--db_replica_host``: the pages that only read are served by the replica,
   not the primary (tools/check_replica.py; without PostgreSQL's server
   binaries: a loud skip, a failure when CI is set);
6. uninstall the addon, check the portal, reinstall it (tools/check_uninstall.py);
7. drop the database.

Exits non-zero when a test fails or errors, when a suite ran no test, or
when Odoo cannot be imported.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = "customer_success_sla"
# CS_TEST_PORT lets two checkouts run their suites side by side.
HTTP_PORT = int(os.environ.get("CS_TEST_PORT", "8169"))
ODOO_RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
ODOO_SKIPPED = re.compile(r" skipped \S+")


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.problems = []

    def add(self, suite, passed, failed, skipped=0):
        self.passed += passed
        self.failed += failed
        self.skipped += skipped
        print(f"== {suite}: {passed} passed, {failed} failed, {skipped} skipped", flush=True)
        if failed:
            self.problems.append(f"{suite}: {failed} failed")
        if passed + failed == 0:
            self.problems.append(f"{suite}: no test ran")


def odoo_importable():
    probe = subprocess.run(
        [sys.executable, "-c", "import odoo.release; print(odoo.release.version)"],
        capture_output=True, text=True, cwd=tempfile.gettempdir(),
    )
    return probe.returncode == 0 and probe.stdout.startswith("19.")


def run_pytest(tally):
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "pytest.xml"
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", str(ROOT / "tests"), f"--junitxml={report}"],
            cwd=ROOT,
        )
        if not report.exists():
            tally.add("pytest", 0, 1)
            return
        suite = ET.parse(report).getroot()
        suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
        total, failures, errors, skipped = (
            int(suite.get(key, 0)) for key in ("tests", "failures", "errors", "skipped")
        )
        tally.add("pytest (engine)", total - failures - errors - skipped, failures + errors, skipped)


def odoo_command(*args):
    return [
        sys.executable, "-m", "odoo", *args,
        f"--addons-path={ROOT}",
        "--http-interface=127.0.0.1",
        f"--http-port={HTTP_PORT}",
        "--log-level=test",
        "--max-cron-threads=0",
    ]


def run_logged(command, log_path, stdin=None):
    """Run ``command``, echo its log, return (exit code, log text)."""
    with open(log_path, "w") as log:
        process = subprocess.run(
            command, stdout=log, stderr=subprocess.STDOUT, text=True, input=stdin, cwd=ROOT,
        )
    text = Path(log_path).read_text(errors="replace")
    for line in text.splitlines():
        if any(word in line for word in (" ERROR ", " CRITICAL ", " FAIL", "Traceback", " skipped ")):
            print(line)
    return process.returncode, text


def tally_odoo(tally, suite, returncode, text):
    results = ODOO_RESULT.findall(text)
    if not results:
        tally.add(suite, 0, 1)
        print(f"{suite}: Odoo reported no test result (exit code {returncode})")
        return
    failed, errors, total = (int(value) for value in results[-1])
    skipped = len(ODOO_SKIPPED.findall(text))
    bad = failed + errors
    if returncode and not bad:
        bad = 1  # the run itself failed (install error…)
    tally.add(suite, total - bad - skipped, bad, skipped)


AT_INSTALL_SCRIPT = """
import sys
import odoo.http
from odoo.service import server
from odoo.tests import loader
from odoo.tools import config
# Some at-install tests are HttpCase: serve HTTP as `odoo --stop-after-init` does.
config['http_interface'] = '127.0.0.1'
config['http_port'] = HTTP_PORT
server.server = server.ThreadedServer(odoo.http.root)
server.server.http_spawn()
config['test_tags'] = ('at_install/helpdesk_mgmt,at_install/helpdesk_mgmt_rating,'
                       'at_install/helpdesk_ticket_partner_response,EXCLUDED')
suite = loader.make_suite(['helpdesk_mgmt', 'helpdesk_mgmt_rating', 'helpdesk_ticket_partner_response'], 'at_install')
result = loader.run_suite(suite)
print(result)
"""


# helpdesk_mgmt_rating's portal tests rate a ticket of another customer with
# its token, as an unrelated logged-in portal user: the forwarded-token attack
# that issue 14 (finding 3) requires this addon to refuse, as Odoo's own rating
# page already does on GET. TestRatingTrust checks the refusal and that the
# ticket's own customer rates by the same POST. Not run, reported as skipped.
REFUSED_BY_DESIGN = [
    "/helpdesk_mgmt_rating:TestHelpdeskPortalBase.test_rating_satisfied_ticket",
    "/helpdesk_mgmt_rating:TestHelpdeskPortalBase.test_rating_not_satisfied_ticket",
    "/helpdesk_mgmt_rating:TestHelpdeskPortalBase.test_rating_dissatisfied_ticket",
]


def run_odoo(tally, keep):
    database = f"cs_test_{os.getpid()}_{int(time.time())}"
    logs = Path(tempfile.mkdtemp(prefix="cs_test_logs_"))
    try:
        code, text = run_logged(
            odoo_command("-d", database, "-i", ADDON, "--with-demo", "--stop-after-init"),
            logs / "install.log",
        )
        if code or "Traceback" in text:
            print(text[-5000:])
            tally.add("install with demo data", 0, 1)
            return
        tags = f"/{ADDON},post_install/helpdesk_mgmt,post_install/helpdesk_mgmt_rating"
        code, text = run_logged(
            odoo_command("-d", database, "--test-tags", tags, "--stop-after-init"),
            logs / "post_install.log",
        )
        tally_odoo(tally, f"odoo post-install ({tags})", code, text)
        code, text = run_logged(
            [sys.executable, "-m", "odoo", "shell", "-d", database, f"--addons-path={ROOT}",
             "--log-level=test", "--no-http"],
            logs / "helpdesk_at_install.log",
            stdin=AT_INSTALL_SCRIPT.replace("HTTP_PORT", str(HTTP_PORT)).replace(
                "EXCLUDED", ",".join(f"-{test}" for test in REFUSED_BY_DESIGN)),
        )
        tally_odoo(tally, "odoo helpdesk_mgmt(_rating), helpdesk_ticket_partner_response at-install, with this addon",
                   code, text)
        for test in REFUSED_BY_DESIGN:
            print(f"not run: {test} (a forwarded rating token; refused by design, see tools/run_tests.py)")
        tally.skipped += len(REFUSED_BY_DESIGN)
        # On a copy: this database stays without Invoicing.
        from check_credit_note import check_credit_note  # noqa: PLC0415 - like check_uninstall below

        checks = check_credit_note(database, logs)
        tally.add("Invoicing installed: credit note (tools/check_credit_note.py)", checks.passed, checks.failed)
        from check_replica import Skipped, check_replica, report_skip  # noqa: PLC0415 - like check_uninstall

        suite = "read replica (tools/check_replica.py)"
        try:
            checks = check_replica(database, HTTP_PORT, logs)
            tally.add(suite, checks.passed, checks.failed)
        except Skipped as reason:
            if report_skip(reason):
                tally.add(suite, 0, 1)
            else:
                tally.skipped += 1
        # Last: it uninstalls the addon (and installs it again) on this database.
        from check_uninstall import check_uninstall  # noqa: PLC0415 - needs Odoo's requests

        checks = check_uninstall(database, HTTP_PORT, logs)
        tally.add("uninstall, portal, reinstall (tools/check_uninstall.py)", checks.passed, checks.failed)
        print(f"Odoo logs: {logs}")
    finally:
        if keep:
            print(f"Database kept: {database}")
        else:
            subprocess.run(["dropdb", "--if-exists", database])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-db", action="store_true", help="keep the test database")
    parser.add_argument("--no-odoo", action="store_true", help="run the pure-logic tests only")
    options = parser.parse_args()

    tally = Tally()
    run_pytest(tally)
    if not options.no_odoo:
        if not odoo_importable():
            print(
                "Odoo 19 cannot be imported from this python3 "
                f"({sys.executable}). Install Odoo 19.0 into it (see README.md, "
                "Prerequisites) so that `python3 -c 'import odoo'` works, then run "
                "`make test` again."
            )
            tally.problems.append("Odoo 19 is not importable")
        else:
            run_odoo(tally, options.keep_db)
    for problem in tally.problems:
        print(f"PROBLEM: {problem}")
    print(f"{tally.passed} passed, {tally.failed} failed, {tally.skipped} skipped")
    return 1 if tally.problems else 0


if __name__ == "__main__":
    sys.exit(main())
