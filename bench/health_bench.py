#!/usr/bin/env python3
"""Health check benchmark: prints figures, asserts nothing.

Fills the database ``cs_h_bench`` (installed or upgraded here) with N
accounts (default 2,000 and 10,000), 20 tickets per account spread over six
months (200,000 for 10,000 accounts), an SLA clock per recent ticket, two
usage snapshots per account, all in SQL (one account in ten unhappy, so
that batches also start at-risk playbooks); then runs the scheduled health
check over every account in batches and prints the seconds in total and the
queries of each batch, to show that a batch costs the same whatever the
number of accounts. Every measurement is rolled back.

    python3 bench/health_bench.py [--accounts 2000 10000] [--tickets-per-account 20] [--batch 500]
"""

import argparse

from benchlib import prepare_database, run_in_shell

DATABASE = "cs_h_bench"

SCRIPT = r'''
import json, os, time
from unittest.mock import patch
from odoo import fields, sql_db
batch = int(os.environ["BENCH_BATCH"])
per_account = int(os.environ["BENCH_TICKETS_PER_ACCOUNT"])
cr = env.cr
Partner = env["res.partner"]
tier = env.ref("customer_success_sla.tier_core")
policy = env.ref("customer_success_sla.sla_core_other")
target = policy.target_ids.filtered(lambda t: t.kind == "first_response")[:1]
stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id
stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id
csm = env["res.users"].search([("login", "=", "health.bench.csm")]) or env["res.users"].create({
    "name": "Bench CSM", "login": "health.bench.csm",
    "group_ids": [(4, env.ref("customer_success_sla.group_cs_manager").id)]})
env.flush_all()
cr.commit()
results = []
original = type(Partner)._cs_compute_health
for count in [int(n) for n in os.environ["BENCH_ACCOUNTS"].split(",")]:
    cr.execute("SAVEPOINT bench")
    start = time.perf_counter()
    cr.execute("""
        INSERT INTO res_partner (name, complete_name, is_company, active, type, cs_tier_id, cs_csm_user_id,
            cs_lifecycle_stage, cs_go_live_date, cs_csat_avg, cs_nps, cs_nps_count, create_date, write_date,
            create_uid, write_uid)
        SELECT 'Health bench ' || g, 'Health bench ' || g, true, true, 'contact', %(tier)s, %(csm)s, 'mature',
               CURRENT_DATE - 400, CASE WHEN g %% 10 = 0 THEN 1 ELSE 1 + (g %% 5) * 0.9 END,
               CASE WHEN g %% 10 = 0 THEN -100 ELSE (g %% 11) * 20 - 100 END, CASE WHEN g %% 10 = 0 THEN 5 ELSE g %% 3 END,
               now(), now(), 1, 1
          FROM generate_series(1, %(n)s) g
        RETURNING id
    """, {"tier": tier.id, "csm": csm.id, "n": count})
    ids = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids])
    cr.execute("""
        INSERT INTO helpdesk_ticket (number, name, description, company_id, stage_id, priority, active, partner_id,
            commercial_partner_id, cs_tier_id, create_date, write_date, create_uid, write_uid, cs_impact,
            cs_urgency, cs_support_level, cs_reopen_count, rating_status, last_stage_update)
        SELECT 'HB' || g, 'Health bench ' || g, '<p>x</p>', %(company)s,
               CASE WHEN g %% 10 = 0 THEN %(new)s ELSE %(done)s END, (g %% 4)::text, true,
               a.id, a.id, %(tier)s, now() - (g %% 180) * interval '1 day', now(), 1, 1, 'user', 'medium', 'l1',
               CASE WHEN g %% 25 = 0 THEN 1 ELSE 0 END, 'stage_change', now()
          FROM generate_series(1, %(tickets)s) g
          JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM res_partner WHERE id = ANY(%(ids)s)) a
            ON a.k = g %% %(n)s
    """, {"company": env.company.id, "new": stage_new, "done": stage_done, "tier": tier.id,
          "tickets": count * per_account, "ids": ids, "n": count})
    cr.execute("""
        INSERT INTO cs_ticket_sla (ticket_id, policy_id, target_id, kind, company_id, calendar_id, start_date,
            target_hours, warning_percent, paused_hours, deadline, status, warning, elapsed_hours,
            create_uid, write_uid, create_date, write_date)
        SELECT t.id, %(policy)s, %(target)s, 'first_response', t.company_id, %(calendar)s, t.create_date, 1, 80, 0,
               t.create_date + interval '1 hour', CASE WHEN t.id %% 7 = 0 THEN 'breached' ELSE 'met' END, false, 1,
               1, 1, now(), now()
          FROM helpdesk_ticket t
         WHERE t.commercial_partner_id = ANY(%(ids)s) AND t.create_date >= now() - interval '45 days'
    """, {"policy": policy.id, "target": target.id, "calendar": tier.resource_calendar_id.id, "ids": ids})
    cr.execute("""
        INSERT INTO cs_usage_snapshot (partner_id, date, active_users, licensed_seats, logins, features_used,
            create_uid, write_uid, create_date, write_date)
        SELECT p, CURRENT_DATE - d, 20 + (p %% 30) - d / 10, 50, 100, p %% 10, 1, 1, now(), now()
          FROM unnest(%(ids)s) p CROSS JOIN (VALUES (1), (40)) days(d)
    """, {"ids": ids})
    cr.execute("ANALYZE res_partner; ANALYZE helpdesk_ticket; ANALYZE cs_ticket_sla; ANALYZE cs_usage_snapshot;")
    cr.execute("SELECT COUNT(*) FROM helpdesk_ticket WHERE commercial_partner_id = ANY(%s)", [ids])
    tickets = cr.fetchone()[0]
    fill_seconds = time.perf_counter() - start
    env.invalidate_all()

    def scheduled_run():
        """One run of the scheduled check over the accounts: seconds, queries, per-batch figures."""
        per_batch = []

        def measured(self):
            queries, begin = sql_db.sql_counter, time.perf_counter()
            checks = original(self)
            self.env.flush_all()
            per_batch.append((len(self), sql_db.sql_counter - queries, time.perf_counter() - begin))
            return checks

        with patch.object(env.cr, "commit", env.cr.flush), patch.object(type(Partner), "_cs_compute_health", measured):
            queries, start = sql_db.sql_counter, time.perf_counter()
            Partner._cron_check_health(batch_size=batch)
            env.flush_all()
            seconds = time.perf_counter() - start
            total = sql_db.sql_counter - queries
        cr.execute("SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'red'), AVG(score) FROM cs_health_check "
                   "WHERE partner_id = ANY(%s)", [ids])
        checks, red, average = cr.fetchone()
        return {"accounts": count, "tickets": tickets, "seconds": seconds, "queries": total, "checks": checks,
                "red": red, "average": float(average or 0), "batches": [[size, q, s] for size, q, s in per_batch]}

    results.append({**scheduled_run(), "fill_seconds": fill_seconds, "label": "first checks"})
    # worst case: the same day, every account turns red and starts its at-risk playbook
    tier._cs_health_profile().write({"red_threshold": 99, "yellow_threshold": 100})
    cr.execute("UPDATE res_partner SET cs_health_check_date = NULL WHERE id = ANY(%s)", [ids])
    env.invalidate_all()
    run = scheduled_run()
    cr.execute("SELECT COUNT(*) FROM mail_activity WHERE res_model = 'res.partner' AND res_id = ANY(%s)", [ids])
    activities = cr.fetchone()[0]
    results.append({**run, "fill_seconds": 0, "label": f"same day, all red ({activities} playbook activities)"})
    cr.execute("ROLLBACK TO SAVEPOINT bench")
    env.invalidate_all()
cr.rollback()
print("BENCH " + json.dumps(results))
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--tickets-per-account", type=int, default=20)
    parser.add_argument("--batch", type=int, default=500)
    options = parser.parse_args()
    prepare_database(DATABASE)
    rows = run_in_shell(DATABASE, SCRIPT, BENCH_ACCOUNTS=",".join(map(str, options.accounts)),
                        BENCH_BATCH=options.batch, BENCH_TICKETS_PER_ACCOUNT=options.tickets_per_account)
    print(f"== Scheduled health checks, batches of {options.batch} accounts")
    print(f"{'accounts':>9}{'tickets':>9}{'checks':>8}{'red':>6}{'avg':>6}{'seconds':>9}{'batches':>9}"
          f"{'queries/batch':>15}{'s/batch':>9}")
    for row in rows:
        batches = [b for b in row["batches"] if b[0]]
        # the first batch also fills the registry caches (refs, profiles, views of mail templates)
        steady = [b[1] for b in batches[1:]] or [batches[0][1]]
        print(f"{row['accounts']:>9}{row['tickets']:>9}{row['checks']:>8}{row['red']:>6}{row['average']:>6.1f}"
              f"{row['seconds']:>9.2f}{len(batches):>9}{f'{min(steady)}-{max(steady)}':>15}"
              f"{row['seconds'] / max(1, len(batches)):>9.3f}")
    for row in rows:
        print(f"  {row['accounts']} accounts, {row['label']}, queries of each batch: "
              + " ".join(str(b[1]) for b in row["batches"]))
    print("(SQL fill not counted: " + ", ".join(f"{row['fill_seconds']:.1f} s" for row in rows if row["fill_seconds"])
          + ")")


if __name__ == "__main__":
    main()
