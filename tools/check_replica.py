#!/usr/bin/env python3
"""Check that the pages which only read are served by a read replica.

On a database with customer_success_sla and its demo data installed (a copy
of a template is made when none is given):

1. a streaming replica of the local PostgreSQL server is started on another
   port (tools/replica.py: ``pg_basebackup -R``, a slot, stopped and deleted
   at the end, even on failure);
2. Odoo is started with ``--db_replica_host=127.0.0.1 --db_replica_port=...``;
   the administrator and the portal customer portal.james log in (logins
   write: on the primary);
3. each page is opened after the clusters' statistics settled, and the
   database's ``pg_stat_database`` counters are compared before and after on
   both clusters: a read-only page must move the replica's transaction and
   row counters and leave the primary's still (not one transaction);
   /status and /help (anonymous and portal), a search, the suggestions while
   writing a ticket, the KPI dashboard's data and drill-down calls, a pivot
   of the analysis, and the monthly review preview;
4. the article page, which counts a view, is the control: it runs on the
   primary, and the view is counted;
5. the server logged no "retrying with a read/write cursor" (a read-only
   route that tried to write) and no replica failure, and the replica
   refuses a write.

Without PostgreSQL's server binaries (or a primary that allows streaming
replication) it prints a loud SKIP: a failure when the environment variable
CI is set, since CI must install them (``make deps`` does, as root).

Prints one line per check and "N passed, N failed"; exits non-zero on a failure.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

import psycopg2
import requests

import replica
from checklib import Checks, run_logged, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
ADDON = "customer_success_sla"
RETRY_WARNING = "retrying with a read/write cursor"
REPLICA_FAILURE = "Failed to open a readonly cursor"
STATS = """SELECT xact_commit + xact_rollback, tup_returned + tup_fetched,
                  tup_inserted + tup_updated + tup_deleted
             FROM pg_stat_database WHERE datname = %s"""
REVIEW = "/report/html/customer_success_sla.report_cs_monthly_review"


class Skipped(Exception):
    """The check cannot run on this machine."""


def _odoo(*args):
    return [sys.executable, "-m", "odoo", *args, f"--addons-path={ROOT}", "--max-cron-threads=0"]




class Counters:
    """The database's pg_stat_database counters on one cluster, read from
    the ``postgres`` database (this connection's own work is not counted)."""

    def __init__(self, database, port):
        self.database = database
        self.connection = replica.connect(host="127.0.0.1", port=port, dbname="postgres",
                                          user=replica.primary_params()["user"])

    def read(self):
        with self.connection.cursor() as cursor:
            # a fresh snapshot of the cumulative statistics each time
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(STATS, (self.database,))
            return cursor.fetchone()

    def close(self):
        self.connection.close()


# A backend reports its statistics when idle, at most once a second: what it
# did less than a second after its last report waits up to 10 s
# (PGSTAT_IDLE_INTERVAL), unless it runs another transaction.
FULL_QUIET = 11


def settled(counters, quiet=1.5, timeout=60):
    """Every cluster's counters once they stopped moving for ``quiet``
    seconds."""
    deadline = time.monotonic() + timeout
    last = [c.read() for c in counters]
    still_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = [c.read() for c in counters]
        if now != last:
            last, still_since = now, time.monotonic()
        elif time.monotonic() - still_since >= quiet:
            break
    return last


def _first(database, sql):
    with closing(replica.connect(**{**replica.primary_params(), "dbname": database})) as connection:
        rows = replica.query(connection, sql)
    return rows[0][0] if rows else None


def _rpc(session, base, model, method, args=(), kwargs=None):
    response = session.post(f"{base}/web/dataset/call_kw/{model}.{method}", json={
        "jsonrpc": "2.0", "method": "call",
        "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs or {}},
    }, timeout=120)
    body = response.json()
    if "error" in body:
        raise RuntimeError(f"{model}.{method}: {body['error'].get('data', {}).get('message', body['error'])}")
    return body["result"]


def _login(base, database, login):
    session = requests.Session()
    answer = session.post(f"{base}/web/session/authenticate", json={"params": {
        "db": database, "login": login, "password": login,
    }}, timeout=120).json()
    if not answer.get("result", {}).get("uid"):
        raise RuntimeError(f"{login} cannot log in: {answer}")
    return session


def _get(session, url, expect):
    response = session.get(url, timeout=120)
    if response.status_code != 200 or expect not in response.text:
        raise RuntimeError(f"GET {url}: HTTP {response.status_code}, {expect!r} "
                           f"{'found' if expect in response.text else 'missing'}")
    return response


def _pages(base, database, article_id):
    """(name, callable) for every read-only page, with the sessions they need."""
    anonymous = requests.Session()
    admin = _login(base, database, "admin")
    james = _login(base, database, "portal.james")
    options = json.dumps({"period": "this_year"})
    return [
        ("/status, anonymous", lambda: _get(anonymous, f"{base}/status", "o_cs_status_page")),
        ("/status, portal customer", lambda: _get(james, f"{base}/status", "o_cs_status_page")),
        ("/help, anonymous", lambda: _get(anonymous, f"{base}/help", f"/help/{article_id}")),
        ("/help, portal customer", lambda: _get(james, f"{base}/help", f"/help/{article_id}")),
        ("/help?search=, portal customer",
         lambda: _get(james, f"{base}/help?search=password", f"/help/{article_id}")),
        ("/help/suggest (ticket form), portal customer",
         lambda: _get(james, f"{base}/help/suggest?q=password", f"/help/{article_id}")),
        ("KPI dashboard data (get_dashboard_data)",
         lambda: _rpc(admin, base, "cs.kpi.dashboard", "get_dashboard_data", [{"period": "this_year"}])),
        ("KPI dashboard drill-down (get_kpi_action)",
         lambda: _rpc(admin, base, "cs.kpi.dashboard", "get_kpi_action", [{"period": "this_year"}, "csat"])),
        ("analysis pivot (cs.ticket.report formatted_read_group)",
         lambda: _rpc(admin, base, "cs.ticket.report", "formatted_read_group", [],
                      {"domain": [], "groupby": ["team_id"], "aggregates": ["__count"]})),
        ("monthly review preview (/report/html)",
         lambda: _get(admin, f"{base}{REVIEW}?options={requests.utils.quote(options)}&context=%7B%7D",
                      "Service review")),
    ], admin


def _measure(counters, request, times=3, quiet=1.5):
    """Counter deltas (primary, replica) of ``request`` made ``times`` times."""
    before = settled(counters, quiet)
    for _ in range(times):
        request()
    after = settled(counters, quiet)
    return [tuple(b - a for a, b in zip(start, end)) for start, end in zip(before, after)]


def _serve(checks, database, port, replica_port, article_id, log_path):
    command = _odoo(
        "-d", database, f"--db-filter=^{database}$", "--http-interface=127.0.0.1", f"--http-port={port}",
        "--db_replica_host=127.0.0.1", f"--db_replica_port={replica_port}", "--log-level=info",
    )
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    primary = replica_counters = None
    try:
        if not checks.check("Odoo starts with --db_replica_host", wait_for_port(port, server), log_path):
            return
        base = f"http://127.0.0.1:{port}"
        primary = Counters(database, replica.primary_params()["port"])
        replica_counters = Counters(database, replica_port)
        counters = [primary, replica_counters]
        pages, admin = _pages(base, database, article_id)
        # first requests: the registry, templates and translations load; a
        # session's first request logs its device (res.device.log, on the primary)
        for _name, request in pages:
            request()
        replica.wait_replayed(replica_port)
        phase_start = settled(counters, FULL_QUIET)
        print("replica: counter deltas over 3 requests (primary | replica): transactions, rows read, rows written",
              flush=True)
        for name, request in pages:
            try:
                (p_xact, p_read, p_write), (r_xact, r_read, r_write) = _measure(counters, request)
            except RuntimeError as error:
                checks.check(f"{name} answers", False, error)
                continue
            print(f"      {name}: {p_xact}, {p_read}, {p_write} | {r_xact}, {r_read}, {r_write}", flush=True)
            checks.check(f"{name}: served by the replica", r_xact >= 1 and r_read > 0,
                         f"replica: {r_xact} transactions, {r_read} rows read")
            checks.check(f"{name}: not one transaction on the primary", p_xact == 0 and p_write == 0,
                         f"primary: {p_xact} transactions, {p_read} rows read, {p_write} written")
        phase_end = settled(counters, FULL_QUIET)
        (p_xact, p_read, p_write), (r_xact, r_read, _r_write) = (
            tuple(b - a for a, b in zip(start, end)) for start, end in zip(phase_start, phase_end))
        print(f"      all {len(pages)} pages: {p_xact}, {p_read}, {p_write} | {r_xact}, {r_read}, {_r_write}",
              flush=True)
        checks.check(f"all {len(pages)} pages, 3 times each: not one transaction on the primary",
                     p_xact == 0 and p_write == 0, f"primary: {p_xact} transactions, {p_write} rows written")
        checks.check(f"all {len(pages)} pages, 3 times each: one transaction or more each on the replica",
                     r_xact >= 3 * len(pages), f"replica: {r_xact} transactions")

        # the control: the article page counts a view, so it runs on the primary
        anonymous = requests.Session()
        views = _first(database, f"SELECT view_count FROM cs_knowledge_article WHERE id = {article_id}") or 0
        (p_xact, _p_read, p_write), _replica = _measure(
            counters, lambda: _get(anonymous, f"{base}/help/{article_id}", "o_cs_help_article"), times=1)
        checks.check("the article page (counts a view) runs on the primary", p_xact >= 1 and p_write >= 1,
                     f"primary: {p_xact} transactions, {p_write} rows written")
        after = _first(database, f"SELECT view_count FROM cs_knowledge_article WHERE id = {article_id}") or 0
        checks.check("the article page's view is counted", after == views + 1, f"{views} -> {after}")
        admin.close()
    finally:
        for connection in (primary, replica_counters):
            if connection:
                connection.close()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    text = Path(log_path).read_text(errors="replace")
    retried = [line for line in text.splitlines() if RETRY_WARNING in line]
    checks.check("no read-only route tried to write (no retry on the primary)", not retried, "; ".join(retried[:3]))
    failures = [line for line in text.splitlines() if REPLICA_FAILURE in line]
    checks.check("Odoo never fell back from the replica to the primary", not failures, "; ".join(failures[:3]))
    errors = [line for line in text.splitlines() if " ERROR " in line or "Traceback" in line]
    checks.check("the server logs no error", not errors, "; ".join(errors[:3]))


def _replica_refuses_writes(checks, database, replica_port):
    try:
        with closing(replica.connect(host="127.0.0.1", port=replica_port, dbname=database,
                                     user=replica.primary_params()["user"])) as connection:
            replica.query(connection, "UPDATE cs_knowledge_article SET view_count = view_count")
    except psycopg2.errors.ReadOnlySqlTransaction:
        checks.check("the replica refuses a write", True)
        return
    checks.check("the replica refuses a write", False, "an UPDATE went through")


def check_replica(database, port, logs, replica_port=None):
    """Run every check on ``database`` (the addon installed with demo data);
    returns Checks. Raises Skipped when this machine cannot run a replica."""
    checks = Checks("replica")
    logs = Path(logs)
    replica_port = replica_port or int(os.environ.get("CS_REPLICA_PORT", replica.DEFAULT_PORT))
    article_id = _first(database, """
        SELECT id FROM cs_knowledge_article a
         WHERE state = 'published' AND is_public AND portal_published AND NOT COALESCE(is_sop, false)
           AND NOT EXISTS (SELECT 1 FROM cs_knowledge_article_cs_tier_rel r WHERE r.cs_knowledge_article_id = a.id)
           AND name ILIKE '%password%'
         ORDER BY id LIMIT 1""")
    if not checks.check("demo data: a public article about passwords", article_id):
        return checks
    directory = Path(tempfile.mkdtemp(prefix=f"cs_replica_{replica_port}_"))
    started = False
    try:
        with replica.running(replica_port, directory):
            started = checks.check("a streaming replica starts", True)
            _serve(checks, database, port, replica_port, article_id, logs / "replica_server.log")
            _replica_refuses_writes(checks, database, replica_port)
    except replica.ReplicaUnavailable as error:
        raise Skipped(str(error)) from error
    except (RuntimeError, OSError, psycopg2.Error, requests.RequestException) as error:
        checks.check("the replica check ran to its end" if started else "a streaming replica starts", False,
                     f"{type(error).__name__}: {error}")
    checks.check("the replica is stopped and deleted", not Path(directory).exists(), directory)
    return checks


def report_skip(reason):
    """Print the loud SKIP; True when it counts as a failure (in CI)."""
    in_ci = bool(os.environ.get("CI"))
    banner = "!" * 78
    print(f"{banner}\nSKIP replica check (tools/check_replica.py): {reason}\n"
          f"{'CI is set: counted as a FAILURE, CI must install them.' if in_ci else 'Not counted as passed.'}"
          f"\n{banner}", flush=True)
    return in_ci


def _filestore(database):
    probe = subprocess.run([sys.executable, "-c", "from odoo.tools import config; import sys; "
                            "print(config.filestore(sys.argv[1]))", database],
                           capture_output=True, text=True, cwd=tempfile.gettempdir())
    return Path(probe.stdout.strip())


def _copy_filestore(template, database):
    """createdb -T copies the rows, not the files of the attachments."""
    source = _filestore(template)
    if source.is_dir():
        shutil.copytree(source, _filestore(database), dirs_exist_ok=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a database with the addon and demo data (default: a copy of --template)")
    parser.add_argument("--template", default="cs_tpl", help="template database to copy (default: cs_tpl)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("CS_TEST_PORT", "8169")))
    parser.add_argument("--replica-port", type=int,
                        default=int(os.environ.get("CS_REPLICA_PORT", replica.DEFAULT_PORT)))
    parser.add_argument("--name", help="name of the database to create (default: cs_test_replica_<pid>_<time>)")
    parser.add_argument("--keep-db", action="store_true", help="keep the database created")
    options = parser.parse_args()
    logs = Path(tempfile.mkdtemp(prefix="cs_replica_logs_"))
    database = options.database or options.name or f"cs_test_replica_{os.getpid()}_{int(time.time())}"
    try:
        if not options.database:
            subprocess.run(["createdb", "-T", options.template, database], check=True)
            _copy_filestore(options.template, database)
            code, text = run_logged(
                _odoo("-d", database, "-u", ADDON, "--stop-after-init", "--no-http", "--log-level=warn"),
                logs / "update.log")
            if code:
                print(text[-3000:])
                return 1
        try:
            checks = check_replica(database, options.port, logs, options.replica_port)
        except Skipped as reason:
            return 1 if report_skip(reason) else 0
        print(f"{checks.passed} passed, {checks.failed} failed (logs: {logs})")
        return 1 if checks.failed else 0
    finally:
        if not options.database and not options.keep_db:
            subprocess.run(["dropdb", "--if-exists", database])
            shutil.rmtree(_filestore(database), ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
