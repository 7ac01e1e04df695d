#!/usr/bin/env python3
"""Status page benchmark: prints figures, asserts nothing.

Fills the database (``--db``, installed or upgraded here) with N past
published notices (default 10,000, spread over two years, each naming a
component), P resolved major problems (default 2,000, same spread: the
incident history) and a few components, committed and kept for the next run; then
starts a server on ``--port`` and times ``GET /status`` as an anonymous
visitor (a warm-up request, then ``--runs`` requests): client-side
milliseconds (median, max) and the server's own query count and SQL time
for the request (from its access log line). It also counts the queries of
``cs.service.component._cs_status_page_values`` alone.

    python3 bench/status_bench.py [--db cs_status_bench] [--notices 10000] [--problems 2000] [--port 8099]
"""

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from benchlib import ROOT, prepare_database, run_in_shell

SCRIPT = r'''
import json, os, random
from datetime import timedelta
from odoo import Command, fields
N = int(os.environ["BENCH_NOTICES"])
Component = env["cs.service.component"]
components = Component.search([])
if len(components) < 3:
    components |= Component.create([{"name": name} for name in ("Login", "API", "Reports", "Billing")])
Notice = env["cs.service.notice"]
have = Notice.search_count([("name", "=like", "Bench %")])
now = fields.Datetime.now()
random.seed(7)
batch = []
for i in range(have, N):
    start = now - timedelta(days=random.randint(1, 730), hours=random.randint(0, 23))
    batch.append({"name": f"Bench {i}", "kind": random.choice(["incident", "maintenance", "release"]),
                  "state": "completed", "is_published": True, "body": f"<p>Bench notice {i}</p>",
                  "date_start": start, "date_end": start + timedelta(hours=1),
                  "component_ids": [Command.set([random.choice(components.ids)])]})
    if len(batch) == 1000:
        Notice.create(batch)
        env.cr.commit()
        batch = []
if batch:
    Notice.create(batch)
    env.cr.commit()
P = int(os.environ["BENCH_PROBLEMS"])
Problem = env["cs.problem"]
have = Problem.search_count([("name", "=like", "Bench problem %")])
for first in range(have, P, 500):
    problems = Problem.create([{
        "name": f"Bench problem {i}", "is_major": True, "description": f"<p>Internal {i}</p>",
        "customer_summary": f"<p>Bench incident {i}</p>",
        "component_ids": [Command.set([random.choice(components.ids)])],
    } for i in range(first, min(first + 500, P))])
    problems.write({"state": "resolved"})
    for problem in problems:  # spread over two years (the resolution date is what the page filters)
        problem.resolved_date = now - timedelta(days=random.randint(1, 730))
    env.cr.commit()
env.invalidate_all()
start = env.cr.sql_log_count
values = Component._cs_status_page_values()
queries = env.cr.sql_log_count - start
print("BENCH " + json.dumps({"notices": Notice.search_count([]), "method_queries": queries,
                             "shown": len(values["notices"]), "problems": Problem.search_count([]),
                             "incidents": len(values["incidents"])}))
'''


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="cs_status_bench")
    parser.add_argument("--notices", type=int, default=10000)
    parser.add_argument("--problems", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    prepare_database(args.db)
    figures = run_in_shell(args.db, SCRIPT, BENCH_NOTICES=args.notices, BENCH_PROBLEMS=args.problems)
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    server = subprocess.Popen(
        [sys.executable, "-m", "odoo", "-d", args.db, f"--addons-path={ROOT}", f"--http-port={args.port}",
         "--http-interface=127.0.0.1", "--max-cron-threads=0", "--log-level=info", f"--db-filter=^{args.db}$"],
        stdout=log, stderr=subprocess.STDOUT, cwd=tempfile.gettempdir())
    url = f"http://127.0.0.1:{args.port}/status"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url, timeout=30).read()  # warm-up: routing map, templates
                break
            except OSError:
                time.sleep(1)
        timings = []
        for _ in range(args.runs):
            begin = time.perf_counter()
            urllib.request.urlopen(url, timeout=30).read()
            timings.append((time.perf_counter() - begin) * 1000)
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [line for line in open(log.name, encoding="utf-8") if '"GET /status HTTP' in line]
    # werkzeug line: ... "GET /status HTTP/1.1" 200 - <queries> <sql seconds> <other seconds>
    counts = [re.search(r'" 200 - (\d+) ([\d.]+) ([\d.]+)', line) for line in lines[-args.runs:]]
    counts = [match for match in counts if match]
    print(f"notices in database: {figures['notices']}, shown on /status: {figures['shown']}")
    print(f"problems in database: {figures['problems']}, major incidents shown on /status: {figures['incidents']}")
    print(f"_cs_status_page_values: {figures['method_queries']} queries")
    print(f"GET /status x{len(timings)}: median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms "
          "(client side)")
    if counts:
        print(f"server per request: {counts[-1].group(1)} queries, SQL {float(counts[-1].group(2)) * 1000:.1f} ms, "
              f"other {float(counts[-1].group(3)) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
