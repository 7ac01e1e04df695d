#!/usr/bin/env python3
"""SLA statement benchmark: prints figures, asserts nothing.

Fills the database (``cs_stmt_bench`` unless ``--database``; installed or
upgraded here) with N accounts (default 2,000 and 10,000) of a tier that
promises 95 % with a credit schedule, one ticket each and ten resolution
clocks per account met or breached last month, all in SQL; then runs the
scheduled job that issues last month's statements, in batches, and prints
the seconds in total and the queries of each batch, to show that a batch
costs the same whatever the number of accounts. A second run issues
nothing new. Every measurement is rolled back.

    python3 bench/statement_bench.py [--accounts 2000 10000] [--clocks-per-account 10] [--batch 500]
"""

import argparse

from benchlib import prepare_database, run_in_shell

SCRIPT = r'''
import json, os, time
from datetime import datetime, timedelta
from unittest.mock import patch
from odoo import Command, fields, sql_db
from odoo.addons.customer_success_sla.engine import sla_credit
batch = int(os.environ["BENCH_BATCH"])
per_account = int(os.environ["BENCH_CLOCKS_PER_ACCOUNT"])
cr = env.cr
Statement = env["cs.sla.statement"]
tier = env.ref("customer_success_sla.tier_core")
policy = env.ref("customer_success_sla.sla_core_other")
target = policy.target_ids.filtered(lambda t: t.kind == "resolution")[:1]
month = sla_credit.previous_month(fields.Date.context_today(Statement))
month_start = datetime.combine(month, datetime.min.time())
results = []
original = type(Statement)._cs_issue
for count in [int(n) for n in os.environ["BENCH_ACCOUNTS"].split(",")]:
    cr.execute("SAVEPOINT bench")
    tier.write({"sla_committed_compliance": 95, "sla_monthly_fee": 1000, "sla_credit_rule_ids": [
        Command.clear(), Command.create({"threshold": 95, "credit_percent": 5}),
        Command.create({"threshold": 90, "credit_percent": 10})]})
    env.flush_all()
    start = time.perf_counter()
    cr.execute("""
        INSERT INTO res_partner (name, complete_name, is_company, active, type, cs_tier_id, create_date, write_date,
            create_uid, write_uid)
        SELECT 'Statement bench ' || g, 'Statement bench ' || g, true, true, 'contact', %(tier)s,
               %(created)s, now(), 1, 1
          FROM generate_series(1, %(n)s) g
        RETURNING id
    """, {"tier": tier.id, "n": count, "created": month_start - timedelta(days=90)})
    ids = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids])
    cr.execute("""
        INSERT INTO helpdesk_ticket (number, name, description, company_id, stage_id, priority, active, partner_id,
            commercial_partner_id, cs_tier_id, create_date, write_date, create_uid, write_uid, cs_impact,
            cs_urgency, cs_support_level, cs_reopen_count, rating_status, last_stage_update)
        SELECT 'SB' || p, 'Statement bench ' || p, '<p>x</p>', %(company)s, %(stage)s, '1', true, p, p, %(tier)s,
               %(start)s, now(), 1, 1, 'user', 'medium', 'l1', 0, 'stage_change', now()
          FROM unnest(%(ids)s) p
    """, {"company": env.company.id, "stage": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
          "tier": tier.id, "ids": ids, "start": month_start})
    # all met, except one account in 5 (one breached: 90 %, 5 % credit) and one in 10 (two: 80 %, 10 %)
    cr.execute("""
        INSERT INTO cs_ticket_sla (ticket_id, policy_id, target_id, kind, company_id, partner_id, cs_tier_id,
            calendar_id, start_date, target_hours, warning_percent, paused_hours, deadline, reached_date, status,
            warning, elapsed_hours, is_met, success_rate, create_uid, write_uid, create_date, write_date)
        SELECT t.id, %(policy)s, %(target)s, 'resolution', t.company_id, t.commercial_partner_id, t.cs_tier_id,
               %(calendar)s, %(start)s + k * interval '1 day', 8, 80, 0,
               %(start)s + k * interval '1 day' + interval '8 hours',
               CASE WHEN k < (t.commercial_partner_id %% 5 = 0)::int + (t.commercial_partner_id %% 10 = 0)::int THEN NULL
                    ELSE %(start)s + k * interval '1 day' + interval '2 hours' END,
               CASE WHEN k < (t.commercial_partner_id %% 5 = 0)::int + (t.commercial_partner_id %% 10 = 0)::int THEN 'breached' ELSE 'met' END,
               false, 2, false, 0, 1, 1, now(), now()
          FROM helpdesk_ticket t CROSS JOIN generate_series(0, %(per)s - 1) k
         WHERE t.commercial_partner_id = ANY(%(ids)s)
    """, {"policy": policy.id, "target": target.id, "calendar": (tier.resource_calendar_id or env.company.resource_calendar_id).id,
          "ids": ids, "per": per_account, "start": month_start})
    cr.execute("ANALYZE res_partner; ANALYZE helpdesk_ticket; ANALYZE cs_ticket_sla; ANALYZE cs_sla_statement;")
    fill_seconds = time.perf_counter() - start
    env.invalidate_all()

    def scheduled_run():
        per_batch = []

        def measured(self, accounts, month=None):
            queries, begin = sql_db.sql_counter, time.perf_counter()
            statements = original(self, accounts, month)
            self.env.flush_all()
            per_batch.append((len(accounts), sql_db.sql_counter - queries, time.perf_counter() - begin))
            return statements

        with patch.object(env.cr, "commit", env.cr.flush), patch.object(type(Statement), "_cs_issue", measured):
            queries, begin = sql_db.sql_counter, time.perf_counter()
            Statement._cron_issue_statements(batch_size=batch)
            env.flush_all()
            seconds = time.perf_counter() - begin
            total = sql_db.sql_counter - queries
        cr.execute("SELECT COUNT(*), COUNT(*) FILTER (WHERE credit_due), COALESCE(SUM(credit_amount), 0) "
                   "FROM cs_sla_statement WHERE partner_id = ANY(%s) AND month = %s", [ids, month])
        statements, credited, amount = cr.fetchone()
        return {"accounts": count, "clocks": count * per_account, "seconds": seconds, "queries": total,
                "statements": statements, "credited": credited, "amount": float(amount),
                "batches": [[size, q, s] for size, q, s in per_batch]}

    results.append({**scheduled_run(), "fill_seconds": fill_seconds, "label": "first run"})
    results.append({**scheduled_run(), "fill_seconds": 0, "label": "second run (nothing new)"})
    cr.execute("ROLLBACK TO SAVEPOINT bench")
    env.invalidate_all()
cr.rollback()
print("BENCH " + json.dumps(results))
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--clocks-per-account", type=int, default=10)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--database", default="cs_stmt_bench")
    options = parser.parse_args()
    prepare_database(options.database)
    rows = run_in_shell(options.database, SCRIPT, BENCH_ACCOUNTS=",".join(map(str, options.accounts)),
                        BENCH_BATCH=options.batch, BENCH_CLOCKS_PER_ACCOUNT=options.clocks_per_account)
    print(f"== Monthly SLA statements, batches of {options.batch} accounts")
    print(f"{'accounts':>9}{'clocks':>9}{'issued':>8}{'credit':>8}{'seconds':>9}{'batches':>9}"
          f"{'queries/batch':>15}{'s/batch':>9}  run")
    for row in rows:
        batches = [b for b in row["batches"] if b[0]]
        steady = [b[1] for b in batches[1:]] or [b[1] for b in batches[:1]] or [0]
        print(f"{row['accounts']:>9}{row['clocks']:>9}{row['statements']:>8}{row['credited']:>8}"
              f"{row['seconds']:>9.2f}{len(batches):>9}{f'{min(steady)}-{max(steady)}':>15}"
              f"{row['seconds'] / max(1, len(batches)):>9.3f}  {row['label']}")
    for row in rows:
        print(f"  {row['accounts']} accounts, {row['label']}, {row['queries']} queries in all, "
              f"credits {row['amount']:.0f}, queries of each batch: "
              + " ".join(str(b[1]) for b in row["batches"]))
    print("(SQL fill not counted: " + ", ".join(f"{row['fill_seconds']:.1f} s" for row in rows if row["fill_seconds"])
          + ")")


if __name__ == "__main__":
    main()
