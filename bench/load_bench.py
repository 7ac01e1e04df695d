#!/usr/bin/env python3
"""Load benchmark: several Odoo workers on the scale database. Prints
figures; the only checks are on the data afterwards.

    python3 bench/load_bench.py [--database scl_scale] [--port 8471] [--duration 90]
                                [--portal 50] [--agents 30] [--think 5.0]

Starts Odoo on 127.0.0.1 only with ``--workers=4 --max-cron-threads=2`` on
the scale database (see ``scale_data.py``; built if missing), logs in
``--portal`` portal customers and ``--agents`` agents (before the clock
starts), then for ``--duration`` seconds each of them, in its own thread,
waits ``--think`` seconds on average (exponential) between two actions:

- a portal customer files a ticket through the portal form (1 in 5),
  reads its ticket list (2 in 5), opens one of its tickets (1 in 5) or
  replies on one it filed during the run (1 in 5; a ticket closed long
  ago refuses replies, as it should);
- an agent opens the ticket list (web_search_read of the list view, with
  the count), opens a ticket (web_read of the form view), or answers the
  newest ticket nobody answered yet (message_post, customer-visible).

The SLA sweep, the account health cron, the SLA Analysis monthly figures
and the acknowledgements (also woken by each ticket filed) are made due
when the run starts and every minute of it, and the two cron threads run
them alongside; the database's other jobs are put off
until after the run (they would hold both cron threads: the NPS
invitations of 100,000 accounts alone take minutes).

With 80 users and 5 s between actions, about 16 requests/s are asked
for; with 2 s, 40/s, more than two cores serve (about 22/s measured):
the figures then measure the queue.

Afterwards it prints requests/s, errors, p50/p95/p99 per page, where the
CPU went and what each route cost in its worker (``cpu_usage.py``), whether
the crons ran, and checks in the database that every ticket filed has its
SLA clocks and its acknowledgement (sent, or still queued), and that every
answered ticket has its first response recorded (``cs_first_response_date``
and a reached first-response clock).
"""

import argparse
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict

import psycopg2
import requests
from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from benchlib import ROOT  # noqa: E402
import scale_data  # noqa: E402
from cpu_usage import cpu_report, server_times, snapshot  # noqa: E402

CRONS = ("customer_success_sla.ir_cron_check_sla", "customer_success_sla.ir_cron_check_health",
         "customer_success_sla.ir_cron_refresh_sla_months", "customer_success_sla.ir_cron_send_acknowledgements")
PORTAL_TARGET, BACK_OFFICE_TARGET = 0.3, 1.0


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(int)
        self.samples = {}

    def record(self, page, seconds, ok, sample=None):
        with self.lock:
            self.times[page].append(seconds)
            if not ok:
                self.errors[page] += 1
                self.samples.setdefault(page, sample)


def timed(recorder, page, call):
    start = time.perf_counter()
    try:
        response = call()
        ok = response.status_code < 400
        if ok and response.headers.get("Content-Type", "").startswith("application/json"):
            body = response.json()
            ok = "error" not in body
            if not ok:
                recorder.record(page, time.perf_counter() - start, False, json.dumps(body["error"])[:500])
                return response
        recorder.record(page, time.perf_counter() - start, ok, None if ok else response.text[:500])
        return response
    except requests.RequestException as error:
        recorder.record(page, time.perf_counter() - start, False, repr(error))
        return None


def login(base, user):
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=120).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = session.post(f"{base}/web/login", data={"login": user, "password": user, "csrf_token": token,
                                                       "redirect": "/odoo"}, timeout=120, allow_redirects=False)
    assert response.status_code in (302, 303), f"login of {user} failed: {response.status_code}"
    return session


def rpc(session, base, model, method, args, kwargs=None):
    return session.post(f"{base}/web/dataset/call_kw/{model}/{method}", json={
        "jsonrpc": "2.0", "method": "call", "id": random.randint(1, 10 ** 9),
        "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}}, timeout=120)


def spec_of(arch, fields_info):
    spec = {}
    for node in arch.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        name = node.get("name")
        info = fields_info.get(name)
        if not info or info["type"] == "properties":
            continue
        spec[name] = {"fields": {"display_name": {}}} if info["type"] in ("many2one", "one2many", "many2many") \
            else {}
    return spec


def portal_customer(base, session, deadline, recorder, think, filed, rng):
    my_tickets, filed_here = [], []
    while time.time() < deadline:
        time.sleep(min(rng.expovariate(1 / think), max(0.0, deadline - time.time())))
        if time.time() >= deadline:
            break
        roll = rng.random()
        if roll < 0.2:
            form = timed(recorder, "portal: new ticket form", lambda: session.get(f"{base}/new/ticket", timeout=120))
            if form is None or form.status_code >= 400:
                continue
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
            category = re.search(r'name="category"[^>]*>.*?<option[^>]*value="(\d+)"', form.text, re.S)
            team = re.search(r'name="team"[^>]*>.*?<option[^>]*value="(\d+)"', form.text, re.S)
            data = {"csrf_token": token, "subject": f"Load test: printer stopped {rng.randint(1, 10 ** 6)}",
                    "description": "The label printer prints blank labels since this morning."}
            if category:
                data["category"] = category.group(1)
            if team:
                data["team"] = team.group(1)
            response = timed(recorder, "portal: file a ticket", lambda: session.post(
                f"{base}/submitted/ticket", data=data, timeout=120, allow_redirects=False))
            if response is not None and response.status_code in (302, 303):
                found = re.search(r"/my/ticket/(\d+)", response.headers.get("Location", ""))
                if found:
                    my_tickets.append(int(found.group(1)))
                    filed_here.append(int(found.group(1)))
                    filed.append(int(found.group(1)))
                else:
                    recorder.record("portal: file a ticket", 0, False, response.headers.get("Location"))
        elif roll < 0.6:
            response = timed(recorder, "portal: my tickets", lambda: session.get(f"{base}/my/tickets", timeout=120))
            if response is not None and not my_tickets:
                my_tickets.extend(int(i) for i in re.findall(r'href="/my/ticket/(\d+)', response.text)[:5])
        elif roll < 0.8 and my_tickets:
            ticket = rng.choice(my_tickets)
            timed(recorder, "portal: ticket page", lambda: session.get(f"{base}/my/ticket/{ticket}", timeout=120))
        elif filed_here:
            ticket = rng.choice(filed_here)
            timed(recorder, "portal: reply", lambda: session.post(f"{base}/mail/message/post", json={
                "jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                    "thread_model": "helpdesk.ticket", "thread_id": ticket,
                    "post_data": {"body": "Still failing here, any news?", "message_type": "comment",
                                  "subtype_xmlid": "mail.mt_comment"}}}, timeout=120))


def agent(base, session, deadline, recorder, think, specs, answered, lock, rng, first_new_ticket):
    list_spec, form_spec = specs
    while time.time() < deadline:
        time.sleep(min(rng.expovariate(1 / think), max(0.0, deadline - time.time())))
        if time.time() >= deadline:
            break
        roll = rng.random()
        if roll < 0.45:
            timed(recorder, "back office: ticket list", lambda: rpc(
                session, base, "helpdesk.ticket", "web_search_read", [],
                {"domain": [], "specification": list_spec, "limit": 80, "count_limit": 10001}))
        elif roll < 0.7:
            ticket = rng.randint(1, 1_000_000)
            timed(recorder, "back office: ticket form", lambda: rpc(
                session, base, "helpdesk.ticket", "web_read", [[ticket]], {"specification": form_spec}))
        else:
            response = timed(recorder, "back office: unanswered tickets", lambda: rpc(
                session, base, "helpdesk.ticket", "web_search_read", [], {
                    "domain": [("id", ">=", first_new_ticket), ("cs_first_response_reached", "=", False)],
                    "specification": {"id": {}}, "limit": 10, "order": "id desc"}))
            if response is None or response.status_code >= 400 or "error" in response.json():
                continue
            with lock:
                candidates = [r["id"] for r in response.json()["result"]["records"] if r["id"] not in answered]
                if not candidates:
                    continue
                ticket = candidates[0]
                answered.add(ticket)
            timed(recorder, "back office: answer (message_post)", lambda: rpc(
                session, base, "helpdesk.ticket", "message_post", [[ticket]], {
                    "body": "Thanks, we are looking into it.", "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment"}))


def odoo_command():
    """The ``odoo`` script next to this Python: with ``python -m odoo`` the
    server could not start its gevent (long polling) process."""
    script = os.path.join(os.path.dirname(sys.executable), "odoo")
    return [sys.executable, script] if os.path.exists(script) else [sys.executable, "-m", "odoo"]


def percentile(values, share):
    values = sorted(values)
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def print_server_times(log_path, start):
    """The time each route spent in its worker (SQL included, waiting for
    a free worker not): what the page costs, apart from the queue."""
    print(f"\n{'in the worker (route)':<62}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for route, values in sorted(server_times(log_path, start).items()):
        if len(values) < 5:
            continue
        seconds = [value for value, _queries in values]
        queries = statistics.median(queries for _value, queries in values)
        print(f"{route[:61]:<62}{len(values):>7}{percentile(seconds, 0.5) * 1000:>9.0f}"
              f"{percentile(seconds, 0.95) * 1000:>9.0f}{queries:>9.0f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="scl_scale")
    parser.add_argument("--port", type=int, default=8471)
    parser.add_argument("--duration", type=int, default=90)
    parser.add_argument("--portal", type=int, default=50)
    parser.add_argument("--agents", type=int, default=30)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between two actions of a user")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--addons-path", default=str(ROOT),
                        help="the addon's code to serve (e.g. an export of an earlier commit, for a before/after)")
    parser.add_argument("--save", help="write the figures to this JSON file")
    options = parser.parse_args()
    if not options.no_build:
        scale_data.build(options.database)
    scale_data.prepare_portal_users(options.database)
    connection = psycopg2.connect(dbname=options.database)
    connection.autocommit = True
    cr = connection.cursor()
    cr.execute("SELECT max(id) FROM helpdesk_ticket")
    first_new_ticket = cr.fetchone()[0] + 1
    cron_ids = []
    for xmlid in CRONS:
        module, name = xmlid.split(".")
        cr.execute("SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s AND model = 'ir.cron'",
                   [module, name])
        row = cr.fetchone()
        if row:
            cron_ids.append(row[0])
    cr.execute("SELECT id, lastcall FROM ir_cron WHERE id = ANY(%s)", [cron_ids])
    last_calls = dict(cr.fetchall())
    # Only these jobs run alongside: the others (NPS invitations of 100,000
    # accounts, reports...) would hold both cron workers for the whole run.
    # Their next call is put after the run and given back afterwards.
    cr.execute("SELECT id, nextcall FROM ir_cron WHERE active AND NOT (id = ANY(%s))", [cron_ids])
    deferred = cr.fetchall()
    cr.execute("UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' + interval '1 day' "
               "WHERE active AND NOT (id = ANY(%s))", [cron_ids])

    log = tempfile.NamedTemporaryFile(prefix="load_bench_", suffix=".log", delete=False)
    server = subprocess.Popen(
        [*odoo_command(), "-d", options.database, f"--db-filter=^{options.database}$",
         f"--addons-path={options.addons_path}", f"--http-port={options.port}", "--http-interface=127.0.0.1",
         f"--workers={options.workers}", "--max-cron-threads=2", "--limit-time-real=600",
         "--limit-time-cpu=300", "--limit-memory-soft=2147483648", "--limit-memory-hard=2684354560",
         "--db_maxconn=32", "--log-level=warn", "--log-handler=werkzeug:INFO", f"--logfile={log.name}"],
        cwd=tempfile.gettempdir(), start_new_session=True)
    base = f"http://127.0.0.1:{options.port}"
    try:
        for _ in range(180):
            try:
                requests.get(f"{base}/web/login", timeout=10)
                break
            except requests.RequestException:
                time.sleep(1)
        print(f"logging in {options.portal} portal customers and {options.agents} agents…", flush=True)
        portal_sessions = [login(base, f"scale.portal.{i:02d}") for i in range(options.portal)]
        agent_sessions = [login(base, f"scale.agent.{i:03d}") for i in range(options.agents)]
        views = rpc(agent_sessions[0], base, "helpdesk.ticket", "get_views", [[[False, "list"], [False, "form"]]],
                    {}).json()["result"]
        fields_info = views["models"]["helpdesk.ticket"]["fields"]
        specs = (spec_of(etree.fromstring(views["views"]["list"]["arch"]), fields_info),
                 spec_of(etree.fromstring(views["views"]["form"]["arch"]), fields_info))
        # warm-up, not measured: every worker loads its caches
        for session in portal_sessions[:8]:
            session.get(f"{base}/my/tickets", timeout=120)
            session.get(f"{base}/new/ticket", timeout=120)
        for session in agent_sessions[:8]:
            rpc(session, base, "helpdesk.ticket", "web_search_read", [],
                {"domain": [], "specification": specs[0], "limit": 80, "count_limit": 10001})
        recorder, filed, answered, lock = Recorder(), [], set(), threading.Lock()
        start = time.time()
        deadline = start + options.duration

        def make_crons_due():
            while time.time() < deadline:
                cr.execute("UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' WHERE id = ANY(%s)", [cron_ids])
                # the cron threads listen on the "postgres" database
                with psycopg2.connect(dbname="postgres") as wake, wake.cursor() as wake_cr:
                    wake_cr.execute("SELECT pg_notify('cron_trigger', %s)", [options.database])
                time.sleep(min(60, max(0.0, deadline - time.time())))

        threads = [threading.Thread(target=make_crons_due, daemon=True)]
        threads += [threading.Thread(target=portal_customer, args=(
            base, session, deadline, recorder, options.think, filed, random.Random(i)))
            for i, session in enumerate(portal_sessions)]
        threads += [threading.Thread(target=agent, args=(
            base, session, deadline, recorder, options.think, specs, answered, lock, random.Random(1000 + i),
            first_new_ticket))
            for i, session in enumerate(agent_sessions)]
        print(f"running for {options.duration} s…", flush=True)
        log_start = os.path.getsize(log.name)  # the warm-up's request lines are not measured
        cpu_before = snapshot()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.time() - start
        cpu_after = snapshot()
    finally:
        # the server and its workers: their own process group
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        cr.executemany("UPDATE ir_cron SET nextcall = %s WHERE id = %s", [(call, cron) for cron, call in deferred])

    total = sum(len(v) for v in recorder.times.values())
    errors = sum(recorder.errors.values())
    print(f"\n== Load: {options.portal} portal customers, {options.agents} agents, think {options.think} s, "
          f"{options.duration} s, Odoo --workers={options.workers} --max-cron-threads=2, {os.cpu_count()} cores")
    print(f"requests: {total}  ({total / elapsed:.1f}/s)   errors: {errors}")
    print(f"{'page':<40}{'count':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'target':>8}{'ok':>4}")
    rows = []
    for page in sorted(recorder.times):
        values = recorder.times[page]
        target = PORTAL_TARGET if page.startswith("portal") else BACK_OFFICE_TARGET
        p50, p95, p99 = (percentile(values, share) for share in (0.5, 0.95, 0.99))
        rows.append({"page": page, "count": len(values), "errors": recorder.errors[page], "p50": p50, "p95": p95,
                     "p99": p99})
        print(f"{page:<40}{len(values):>7}{recorder.errors[page]:>8}{p50 * 1000:>9.0f}{p95 * 1000:>9.0f}"
              f"{p99 * 1000:>9.0f}{target * 1000:>8.0f}{'yes' if p95 < target else 'NO':>4}")
    for page, sample in recorder.samples.items():
        print(f"first error on {page}: {sample}")
    print("\n".join(cpu_report(cpu_before, cpu_after, server.pid)))
    print_server_times(log.name, log_start)

    cr.execute("SELECT id, lastcall FROM ir_cron WHERE id = ANY(%s)", [cron_ids])
    ran = {cron: lastcall != last_calls.get(cron) for cron, lastcall in cr.fetchall()}
    print(f"crons run during the load: {sum(ran.values())} of {len(ran)} (the sweep, health checks, SLA monthly "
          f"figures, acknowledgements; the other jobs deferred)")
    cr.execute("""
        SELECT t.id, count(c.id), bool_or(c.kind = 'first_response') FROM helpdesk_ticket t
          LEFT JOIN cs_ticket_sla c ON c.ticket_id = t.id WHERE t.id >= %s GROUP BY t.id
    """, [first_new_ticket])
    created = cr.fetchall()
    without_clocks = [ticket for ticket, clocks, _first in created if not clocks]
    print(f"tickets filed: {len(created)} (portal said {len(filed)}); without SLA clocks: {len(without_clocks)} "
          f"{without_clocks[:10]}")
    cr.execute("""
        SELECT t.id, t.cs_first_response_date IS NOT NULL,
               EXISTS(SELECT 1 FROM cs_ticket_sla c WHERE c.ticket_id = t.id AND c.kind = 'first_response'
                      AND c.reached_date IS NOT NULL)
          FROM helpdesk_ticket t WHERE t.id = ANY(%s)
    """, [sorted(answered)])
    answers = cr.fetchall()
    missing = [ticket for ticket, dated, reached in answers if not (dated and reached)]
    print(f"tickets answered by an agent: {len(answers)}; first response not recorded: {len(missing)} {missing[:10]}")
    cr.execute("""
        SELECT count(*) FILTER (WHERE acknowledged), count(*) FILTER (WHERE queued),
               array_agg(id) FILTER (WHERE NOT acknowledged AND NOT queued)
          FROM (SELECT t.id,
                       EXISTS(SELECT 1 FROM mail_message m WHERE m.model = 'helpdesk.ticket' AND m.res_id = t.id
                              AND m.message_type = 'auto_comment') AS acknowledged,
                       EXISTS(SELECT 1 FROM cs_ticket_acknowledgement q WHERE q.ticket_id = t.id) AS queued
                  FROM helpdesk_ticket t WHERE t.id = ANY(%s)) AS filed
    """, [filed])
    acknowledged, queued, lost = cr.fetchone()
    print(f"tickets filed on the portal: acknowledged {acknowledged}, still queued {queued}, "
          f"neither: {len(lost or [])} {(lost or [])[:10]}")
    print(f"server log: {log.name}")
    if options.save:
        with open(options.save, "w") as handle:
            json.dump({"rows": rows, "requests": total, "rate": total / elapsed, "errors": errors,
                       "crons": ran, "filed": len(created), "without_clocks": len(without_clocks),
                       "answered": len(answers), "unrecorded": len(missing), "acknowledged": acknowledged,
                       "queued": queued, "unacknowledged": len(lost or [])}, handle, indent=1, default=str)


if __name__ == "__main__":
    main()
