#!/usr/bin/env python3
"""Scale benchmark: the screens of the addon on a helpdesk of a million
tickets. Prints figures, asserts nothing.

    python3 bench/scale_bench.py [--database scl_scale] [--rounds 7] [--port 8470]
                                 [--save before.json] [--compare before.json] [--only NAME,...]

The database is built once (see ``scale_data.py`` for what is filled by SQL
and why) and kept; each run upgrades the addon in it to the code at hand
(``--no-upgrade`` skips that), then measures every operation ``--rounds``
times after one warm-up run and prints the median, the 95th percentile
(with 7 rounds: the slowest but one, interpolated) and the SQL queries of
one run.

Back-office operations run in `odoo shell` as a customer success manager
(an agent of the CS manager group), through the calls the web client makes
(``web_search_read`` / ``web_read_group`` / ``web_read`` with the
specification of the action's views from ``get_views``, the KPI
dashboard's ``get_dashboard_data``, ``formatted_read_grouping_sets`` for a
pivot), with the environment's cache emptied before each run.  Portal and
``/help`` pages are fetched over HTTP from an Odoo started on 127.0.0.1
(``--port``), logged in as the portal user of the account with 5,000
tickets.  The sweep runs ``cs.ticket.sla._cron_check_sla`` after 1 % of
the running clocks were made due, and is rolled back.

Targets (issue 18): back office p95 < 1 s, portal < 300 ms, sweep < 2 s.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from benchlib import ROOT, odoo, run_in_shell  # noqa: E402
import scale_data  # noqa: E402

BACK_OFFICE_SCRIPT = r'''
import json, os, statistics, time
from unittest.mock import patch
from lxml import etree
from odoo import fields, sql_db
from odoo.fields import Domain

rounds = int(os.environ["BENCH_ROUNDS"])
only = set(filter(None, os.environ.get("BENCH_ONLY", "").split("|")))
csm = env["res.users"].search([("login", "=", "scale.agent.000")])
uenv = env(user=csm, context={**env.context, "lang": "en_US", "tz": "Europe/Brussels"})
Ticket = uenv["helpdesk.ticket"]
Partner = uenv["res.partner"]
results = []


def spec_of(model, node):
    """The web_read specification of the fields of a view node, as the web
    client builds it (x2many fields with an inline list read its columns)."""
    spec = {}
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag != "field":
            spec.update(spec_of(model, child))
            continue
        name = child.get("name")
        field = model._fields.get(name)
        if field is None:
            continue
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            sub = next((c for c in child if isinstance(c.tag, str) and c.tag in ("list", "kanban")), None)
            spec[name] = ({"fields": spec_of(uenv[field.comodel_name], sub), "limit": 40, "order": ""}
                          if sub is not None else {"fields": {"display_name": {}}})
        elif field.type == "properties":
            continue
        else:
            spec[name] = {}
    return spec


def views_of(model, action_xmlid, kinds):
    action = env.ref(action_xmlid) if action_xmlid else None
    view_ids = {view_mode: view_id for view_id, view_mode in action.views} if action else {}
    got = model.get_views([[view_ids.get(kind, False), kind] for kind in kinds])
    return {kind: etree.fromstring(got["views"][kind]["arch"]) for kind in kinds}


def measure(name, call, kind="back office"):
    if only and name not in only:
        return
    call()  # warm-up
    times, queries = [], None
    for _ in range(rounds):
        uenv.invalidate_all()
        env.registry.clear_cache()  if False else None
        before, start = sql_db.sql_counter, time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
        queries = sql_db.sql_counter - before
    times.sort()
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    results.append({"name": name, "kind": kind, "median": statistics.median(times), "p95": p95,
                    "queries": queries})


ticket_views = views_of(Ticket, "helpdesk_mgmt.helpdesk_ticket_action", ["list", "kanban", "form"])
list_spec = spec_of(Ticket, ticket_views["list"])
kanban_spec = spec_of(Ticket, ticket_views["kanban"])
form_spec = spec_of(Ticket, ticket_views["form"])
list_order = "priority desc, sequence, number desc, id desc"
list_order = None  # the model's _order, as the web client without a sorted column


def ticket_list(domain):
    return lambda: Ticket.web_search_read(domain, list_spec, limit=80, count_limit=10001)


measure("ticket list (all, 80 rows + count)", ticket_list([]))
measure("ticket kanban grouped by stage", lambda: Ticket.web_read_group(
    [], ["stage_id"], [], auto_unfold=True, unfold_read_specification=kanban_spec, unfold_read_default_limit=40))
measure("tickets by tier (open, grouped list)", lambda: Ticket.web_read_group(
    [("closed", "=", False)], ["cs_tier_id"], []))
measure("tickets by tier (open, kanban)", lambda: Ticket.web_read_group(
    [("closed", "=", False)], ["cs_tier_id"], [], auto_unfold=True, unfold_read_specification=kanban_spec,
    unfold_read_default_limit=40))
recent = Ticket.search([("closed", "=", False), ("cs_sla_open_count", ">", 0)], limit=1, order="id desc")
measure("ticket form", lambda: Ticket.browse(recent.id).web_read(form_spec))
measure("search by text 'printer' (list)", ticket_list(["|", ("number", "ilike", "printer"),
                                                         ("name", "ilike", "printer")]))
measure("search by text 'SCL0424242' (list)", ticket_list(["|", ("number", "ilike", "SCL0424242"),
                                                            ("name", "ilike", "SCL0424242")]))
measure("filter SLA breached (list)", ticket_list([("cs_sla_status", "=", "breached")]))
measure("filter SLA at risk (list)", ticket_list([("cs_sla_status", "=", "at_risk")]))
measure("filter SLA breached + open (list)", ticket_list([("cs_sla_status", "=", "breached"),
                                                          ("closed", "=", False)]))

partner_views = views_of(Partner, "customer_success_sla.action_cs_portfolio", ["kanban", "list", "form"])
portfolio_spec = spec_of(Partner, partner_views["kanban"])
portfolio_domain = [("is_company", "=", True), ("cs_tier_id", "!=", False)]
measure("CSM portfolio (kanban, my accounts)", lambda: Partner.web_search_read(
    portfolio_domain + [("cs_csm_user_id", "=", csm.id)], portfolio_spec, limit=40, count_limit=10001))
measure("CSM portfolio (kanban grouped by CSM)", lambda: Partner.web_read_group(
    portfolio_domain, ["cs_csm_user_id"], [], auto_unfold=True, unfold_read_specification=portfolio_spec,
    unfold_read_default_limit=40))
partner_form_spec = spec_of(Partner, views_of(Partner, None, ["form"])["form"])
northwind = Partner.search([("name", "=", "Northwind Traders"), ("is_company", "=", True)], limit=1)
busy = northwind
measure("partner form with health (5,000 tickets)", lambda: Partner.browse(busy.id).web_read(partner_form_spec))

Board = uenv["cs.kpi.dashboard"]
measure("KPI dashboard, this quarter", lambda: Board.get_dashboard_data({"period": "this_quarter"}))
measure("KPI dashboard, this year", lambda: Board.get_dashboard_data({"period": "this_year"}))
Clock = uenv["cs.ticket.sla"]
Report = uenv["cs.ticket.report"]
# the default filter of both analyses: this year, in the reader's time zone
import pytz
from datetime import datetime
tz = pytz.timezone(uenv.context["tz"])
this_year = datetime.now(tz).year
year_from, year_to = (tz.localize(datetime(year, 1, 1)).astimezone(pytz.utc).replace(tzinfo=None)
                      for year in (this_year, this_year + 1))
quarter_month = (datetime.now(tz).month - 1) // 3 * 3 + 1
quarter_from = tz.localize(datetime(this_year, quarter_month, 1)).astimezone(pytz.utc).replace(tzinfo=None)
# SLA Analysis filters and groups by the clocks' month (a date, in their
# support hours' time zone): this year is January to December. It reads the
# monthly figures, and the clocks of the months changed since the last
# refresh: here the current month, as between two refreshes of a live
# helpdesk (rolled back with the rest of this script).
from datetime import date
env.cr.execute("INSERT INTO cs_ticket_sla_month_change (start_month) VALUES (date_trunc('month', now())::date)")
month_periods = {
    "this year, default": [("start_month", ">=", date(this_year, 1, 1)), ("start_month", "<=", date(this_year, 12, 31))],
    "this quarter": [("start_month", ">=", date(this_year, quarter_month, 1)),
                     ("start_month", "<=", date(this_year, 12, 31))],
}
for label, period in (("whole history", []),
                      ("this year, default", [("start_date", ">=", year_from), ("start_date", "<", year_to)]),
                      ("this quarter", [("start_date", ">=", quarter_from), ("start_date", "<", year_to)])):
    suffix = "" if not period else f" ({label})"
    measure("SLA analysis pivot month x tier" + suffix, lambda label=label: Clock.formatted_read_grouping_sets(
        [("status", "in", ("met", "breached"))] + month_periods.get(label, []),
        [[], ["start_month:month"], ["cs_tier_id"], ["start_month:month", "cs_tier_id"]], ["success_rate:avg"]))
    measure("SLA analysis pivot month x tier, from the clocks" + suffix, lambda label=label: Clock.with_context(
        cs_sla_from_clocks=True).formatted_read_grouping_sets(
        [("status", "in", ("met", "breached"))] + month_periods.get(label, []),
        [[], ["start_month:month"], ["cs_tier_id"], ["start_month:month", "cs_tier_id"]], ["success_rate:avg"]))
    period = [("create_date",) + condition[1:] for condition in period]
    measure("ticket analysis pivot month x tier" + suffix, lambda period=period: Report.formatted_read_grouping_sets(
        period, [[], ["create_date:month"], ["cs_tier_id"], ["create_date:month", "cs_tier_id"]],
        ["first_response_hours:avg", "fcr_count:sum", "csat:avg", "__count"]))


def sweep():
    """The sweep with 1 % of the running clocks due, rolled back."""
    env.cr.execute("SAVEPOINT sweep")
    now = fields.Datetime.now()
    env.cr.execute("SELECT count(*) FROM cs_ticket_sla WHERE status = 'running'")
    due = env.cr.fetchone()[0] // 100
    env.cr.execute("""
        UPDATE cs_ticket_sla SET deadline = %(past)s, warning_date = %(past)s
         WHERE id IN (SELECT id FROM cs_ticket_sla WHERE status = 'running' AND deadline > %(now)s
                      ORDER BY id LIMIT %(count)s)
    """, {"past": now.replace(microsecond=0) - __import__("datetime").timedelta(hours=1), "now": now, "count": due})
    env.invalidate_all()
    with patch.object(env.cr, "commit", env.cr.flush):
        env["cs.ticket.sla"]._cron_check_sla(batch_size=500)
        env.flush_all()
    env.cr.execute("ROLLBACK TO SAVEPOINT sweep")
    env.invalidate_all()
    return due


if not only or "SLA sweep, 1 % due" in only:
    due = sweep()
    times, queries = [], None
    for _ in range(max(3, rounds // 2)):
        before, start = sql_db.sql_counter, time.perf_counter()
        sweep()
        times.append(time.perf_counter() - start)
        queries = sql_db.sql_counter - before
    times.sort()
    results.append({"name": "SLA sweep, 1 % due", "kind": "sweep", "median": statistics.median(times),
                    "p95": times[-1], "queries": queries, "note": f"{due} clocks due"})
env.cr.rollback()
print("BENCH " + json.dumps(results))
'''


def http_pages(database, port, rounds, only):
    """Portal and /help pages over HTTP: a server of our own on 127.0.0.1."""
    import requests

    server = subprocess.Popen(
        [sys.executable, "-m", "odoo", "-d", database, f"--db-filter=^{database}$", f"--addons-path={ROOT}",
         f"--http-port={port}", "--http-interface=127.0.0.1", "--max-cron-threads=0", "--workers=0",
         "--log-level=warn"], cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                requests.get(f"{base}/web/login", timeout=5)
                break
            except requests.RequestException:
                time.sleep(1)
        session = requests.Session()
        page = session.get(f"{base}/web/login", timeout=60).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        session.post(f"{base}/web/login", data={"login": "portal.james", "password": "portal.james",
                                                 "csrf_token": token, "redirect": "/my"}, timeout=60)
        listing = session.get(f"{base}/my/tickets", timeout=60)
        ticket = re.search(r'href="/my/ticket/(\d+)', listing.text)
        pages = [("portal ticket list (5,000 tickets)", "/my/tickets"),
                 ("portal ticket list, page 20", "/my/tickets/page/20"),
                 ("portal ticket page", f"/my/ticket/{ticket.group(1)}" if ticket else None),
                 ("portal home /my", "/my"),
                 ("/help search 'printer blank'", "/help?search=printer+blank"),
                 ("/help search 'gateway'", "/help?search=gateway"),
                 ("/help home", "/help")]
        results = []
        for name, path in pages:
            if path is None or (only and name not in only):
                continue
            session.get(base + path, timeout=60)  # warm-up
            times, status = [], None
            for _ in range(rounds):
                start = time.perf_counter()
                response = session.get(base + path, timeout=60)
                times.append(time.perf_counter() - start)
                status = response.status_code
            times.sort()
            results.append({"name": name, "kind": "portal", "median": statistics.median(times),
                            "p95": statistics.quantiles(times, n=20, method="inclusive")[18],
                            "queries": None, "note": f"HTTP {status}"})
        return results
    finally:
        server.terminate()
        server.wait(30)


TARGETS = {"back office": 1.0, "portal": 0.3, "sweep": 2.0}


def print_table(rows, previous=None):
    previous = {row["name"]: row for row in previous or []}
    head = f"{'operation':<58}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'target':>8}{'ok':>4}"
    if previous:
        head += f"{'before p95':>12}{'before q':>10}"
    print(head)
    for row in rows:
        target = TARGETS[row["kind"]]
        queries = "" if row["queries"] is None else row["queries"]
        line = (f"{row['name']:<58}{row['median'] * 1000:>10.0f}{row['p95'] * 1000:>9.0f}{queries:>9}"
                f"{target * 1000:>8.0f}{'yes' if row['p95'] < target else 'NO':>4}")
        if previous and row["name"] in previous:
            old = previous[row["name"]]
            line += f"{old['p95'] * 1000:>12.0f}{'' if old['queries'] is None else old['queries']:>10}"
        if row.get("note"):
            line += f"  ({row['note']})"
        print(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="scl_scale")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--port", type=int, default=8470)
    parser.add_argument("--no-upgrade", action="store_true")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-build", action="store_true", help="measure the database as it is")
    parser.add_argument("--only", default="", help="operation names separated by |")
    parser.add_argument("--save", help="write the figures to this JSON file")
    parser.add_argument("--compare", help="JSON figures of an earlier run, printed alongside")
    options = parser.parse_args()
    if not options.no_build:
        scale_data.build(options.database)
    scale_data.prepare_portal_users(options.database)
    if not options.no_upgrade:
        print("upgrading the addon…", flush=True)
        result = odoo("-d", options.database, "-u", "customer_success_sla", "--stop-after-init")
        if result.returncode:
            sys.exit(result.stdout[-3000:] + result.stderr[-3000:])
    only = set(filter(None, options.only.split("|")))
    rows = run_in_shell(options.database, BACK_OFFICE_SCRIPT, BENCH_ROUNDS=options.rounds, BENCH_ONLY=options.only)
    if not options.no_http:
        rows += http_pages(options.database, options.port, options.rounds, only)
    previous = None
    if options.compare:
        with open(options.compare) as handle:
            previous = json.load(handle)
    print(f"\n== {options.database}: {scale_data.counts(options.database)}")
    print_table(rows, previous)
    if options.save:
        with open(options.save, "w") as handle:
            json.dump(rows, handle, indent=1)


if __name__ == "__main__":
    main()
