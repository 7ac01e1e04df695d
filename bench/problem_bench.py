#!/usr/bin/env python3
"""Problem benchmark: prints figures, asserts nothing.

Links 250 and 1,000 open tickets (of 100 accounts) to one problem, then
posts one public update to them twice (the second with the first's history
in place), and prints seconds and queries: the cost per ticket stays the
same whatever the number of tickets and the problem's history.

    python3 bench/problem_bench.py [--tickets 250 1000] [--database NAME]

Uses the database ``cs_bench_cs_sla`` unless told (installed or upgraded
here); every measurement is rolled back.
"""

import argparse

from benchlib import prepare_database, run_in_shell

DATABASE = "cs_bench_cs_sla"

SCRIPT = r'''
import json, os, time
from odoo import sql_db


def measure(call):
    env.flush_all()
    env.invalidate_all()
    queries, start = sql_db.sql_counter, time.perf_counter()
    call()
    env.flush_all()
    return time.perf_counter() - start, sql_db.sql_counter - queries


env["res.lang"]._activate_lang("zh_CN")
results = []
for count in [int(n) for n in os.environ["BENCH_TICKETS"].split(",")]:
    env.cr.execute("SAVEPOINT bench")
    accounts = env["res.partner"].create([{"name": f"Problem bench {i}", "is_company": True} for i in range(100)])
    contacts = env["res.partner"].create([
        {"name": f"Contact {i}", "parent_id": a.id, "email": f"c{i}@pb.example.com",
         "lang": "zh_CN" if i % 3 == 0 else "en_US"} for i, a in enumerate(accounts)])
    tickets = env["helpdesk.ticket"].create([
        {"name": f"Login loops {n}", "description": "<p>x</p>", "partner_id": contacts[n % 100].id}
        for n in range(count)])
    problem = env["cs.problem"].create({"name": "Bench problem", "is_major": True, "priority": "3"})
    link = measure(lambda: tickets.write({"cs_problem_id": problem.id}))
    first = measure(lambda: problem.action_post_update("<p>We are on it.</p>", {"zh_CN": "<p>我们正在处理。</p>"}))
    second = measure(lambda: problem.action_post_update("<p>Fix deployed.</p>", {"zh_CN": "<p>已修复。</p>"}))
    results.append({"tickets": count, "link": link, "first": first, "second": second})
    env.cr.execute("ROLLBACK TO SAVEPOINT bench")
    env.invalidate_all()
env.cr.rollback()
print("BENCH " + json.dumps(results))
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, nargs="+", default=[250, 1000])
    parser.add_argument("--database", default=DATABASE)
    options = parser.parse_args()
    prepare_database(options.database)
    rows = run_in_shell(options.database, SCRIPT, BENCH_TICKETS=",".join(map(str, options.tickets)))
    print("== Problem: link the tickets, then two updates (the second over the first's history)")
    print(f"{'tickets':>8}{'step':>8}{'seconds':>10}{'queries':>9}{'queries/ticket':>16}{'ms/ticket':>11}")
    for row in rows:
        for step in ("link", "first", "second"):
            seconds, queries = row[step]
            print(f"{row['tickets']:>8}{step:>8}{seconds:>10.2f}{queries:>9}{queries / row['tickets']:>16.1f}"
                  f"{seconds * 1000 / row['tickets']:>11.1f}")


if __name__ == "__main__":
    main()
