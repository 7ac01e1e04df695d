#!/usr/bin/env python3
"""NPS invitation benchmark: prints figures, asserts nothing.

Runs the NPS invitation scheduled action over 2,000 and 10,000 due accounts
(batches of 200) and prints seconds and queries per batch, to show that a
batch costs the same whatever the number of accounts.

    python3 bench/voice_bench.py [--accounts 2000 10000] [--batch 200]

Uses the database ``cs_bench_cs_sla`` (installed or upgraded here); every
measurement is rolled back.
"""

import argparse

from benchlib import prepare_database, run_in_shell

DATABASE = "cs_bench_cs_sla"

SCRIPT = r'''
import json, os, time
from unittest.mock import patch
from odoo import sql_db
batch = int(os.environ["BENCH_BATCH"])
results = []
for count in [int(n) for n in os.environ["BENCH_ACCOUNTS"].split(",")]:
    env.cr.execute("SAVEPOINT bench")
    accounts = env["res.partner"].with_context(tracking_disable=True).create([
        {"name": f"NPS bench {i}", "is_company": True, "cs_lifecycle_stage": "mature",
         "email": f"nps{i}@bench{count}.example.com"} for i in range(count)])
    env.flush_all()
    env.invalidate_all()
    with patch.object(env.cr, "commit", env.cr.flush):
        queries, start = sql_db.sql_counter, time.perf_counter()
        env["res.partner"]._cron_send_nps_invitations(batch_size=batch)
        env.flush_all()
        seconds = time.perf_counter() - start
        total = sql_db.sql_counter - queries
    invited = env["survey.user_input"].search_count([("cs_account_id", "in", accounts.ids)])
    batches = -(-count // batch)
    results.append({"accounts": count, "invited": invited, "batches": batches, "seconds": seconds,
                    "queries": total})
    env.cr.execute("ROLLBACK TO SAVEPOINT bench")
    env.invalidate_all()
env.cr.rollback()
print("BENCH " + json.dumps(results))
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--batch", type=int, default=200)
    options = parser.parse_args()
    prepare_database(DATABASE)
    rows = run_in_shell(DATABASE, SCRIPT, BENCH_ACCOUNTS=",".join(map(str, options.accounts)),
                        BENCH_BATCH=options.batch)
    print(f"== NPS invitations, batches of {options.batch}")
    print(f"{'accounts':>9}{'invited':>9}{'batches':>9}{'seconds':>10}{'queries':>9}{'queries/batch':>15}{'s/batch':>9}")
    for row in rows:
        print(f"{row['accounts']:>9}{row['invited']:>9}{row['batches']:>9}{row['seconds']:>10.2f}{row['queries']:>9}"
              f"{row['queries'] / row['batches']:>15.1f}{row['seconds'] / row['batches']:>9.3f}")


if __name__ == "__main__":
    main()
