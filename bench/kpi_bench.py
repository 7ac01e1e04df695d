#!/usr/bin/env python3
"""KPI benchmark: prints figures, asserts nothing.

Fills the database ``cs_bench_cs_sla`` (installed or upgraded here) with
N tickets (default 200,000) spread over two years, two SLA clocks each,
directly in SQL, then computes every KPI of one quarter as the dashboard
does and prints the seconds, the queries and the query plan of the totals.
Everything is rolled back.

    python3 bench/kpi_bench.py [--tickets 200000] [--db cs_bench_cs_sla]

It also adds one problem per 50 tickets (a fifth of the tickets linked) and
times the problem cards of the same quarter.
"""

import argparse
import subprocess

from benchlib import prepare_database, print_query_plan, run_in_shell

DATABASE = "cs_bench_cs_sla"

SCRIPT = r'''
import json, os, time
from odoo import fields, sql_db
from odoo.fields import Domain
n = int(os.environ["BENCH_TICKETS"])
cr = env.cr
stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id
stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id
tier = env.ref("customer_success_sla.tier_core")
policy = env.ref("customer_success_sla.sla_core_other")
targets = {t.kind: t.id for t in policy.target_ids}
partner = env["res.partner"].create({"name": "KPI bench", "is_company": True, "cs_tier_id": tier.id})
team = env["helpdesk.ticket.team"].create({"name": "KPI bench team"})
env.flush_all()
start = time.perf_counter()
cr.execute("""
    INSERT INTO helpdesk_ticket (number, name, description, company_id, stage_id, priority, active, partner_id,
        commercial_partner_id, cs_tier_id, team_id, create_date, write_date, create_uid, write_uid,
        cs_impact, cs_urgency, cs_support_level, cs_reopen_count, cs_agent_reply_count, rating_last_value,
        last_stage_update, rating_status, cs_first_response_reached, cs_first_response_hours,
        cs_first_response_calendar_hours, cs_resolution_hours, cs_resolution_calendar_hours,
        cs_sla_met_count, cs_sla_breached_count, cs_sla_open_count)
    SELECT 'B' || g, 'Bench ' || g, '<p>x</p>', %(company)s, CASE WHEN g %% 10 = 0 THEN %(new)s ELSE %(done)s END,
           (g %% 4)::text, true, %(partner)s, %(partner)s, %(tier)s, %(team)s,
           now() - (g %% 730) * interval '1 day', now(), 1, 1, 'user', 'medium', 'l1',
           CASE WHEN g %% 25 = 0 THEN 1 ELSE 0 END, 1 + (g %% 3 = 0)::int, (1 + g %% 5)::float, now(), 'stage_change',
           true, (g %% 90) / 60.0, (g %% 90) / 60.0, (g %% 90) / 60.0, (g %% 90) / 60.0,
           CASE WHEN g %% 9 = 0 THEN 1 ELSE 2 END, CASE WHEN g %% 9 = 0 THEN 1 ELSE 0 END, 0
      FROM generate_series(1, %(n)s) g
""", {"company": env.company.id, "new": stage_new, "done": stage_done, "partner": partner.id, "tier": tier.id,
      "team": team.id, "n": n})
cr.execute("""
    INSERT INTO cs_ticket_sla (ticket_id, policy_id, target_id, kind, company_id, calendar_id, start_date,
        target_hours, warning_percent, paused_hours, deadline, warning_date, reached_date, status, warning,
        elapsed_hours, create_uid, write_uid, create_date, write_date)
    SELECT t.id, %(policy)s, CASE k WHEN 'first_response' THEN %(fr)s ELSE %(res)s END, k, t.company_id,
           %(calendar)s, t.create_date, 1, 80, 0, t.create_date + interval '1 hour', t.create_date + interval '48 minutes',
           t.create_date + (t.id %% 90) * interval '1 minute',
           CASE WHEN t.id %% 9 = 0 THEN 'breached' ELSE 'met' END, false, (t.id %% 90) / 60.0, 1, 1, now(), now()
      FROM helpdesk_ticket t CROSS JOIN unnest(ARRAY['first_response', 'resolution']) k
     WHERE t.name LIKE 'Bench %%'
""", {"policy": policy.id, "fr": targets["first_response"], "res": targets["resolution"],
      "calendar": tier.resource_calendar_id.id})
# one problem per 50 tickets, each linked to the 10 tickets created after it; half identified, a third resolved
cr.execute("""
    INSERT INTO cs_problem (name, state, is_major, severity, priority, company_id, create_date, write_date,
        create_uid, write_uid, identified_date, resolved_date, identify_hours, resolve_hours)
    SELECT 'Bench problem ' || g, CASE WHEN g %% 3 = 0 THEN 'resolved' WHEN g %% 2 = 0 THEN 'identified'
                                       ELSE 'investigating' END,
           g %% 5 = 0, 'minor', '2', %(company)s, now() - (g * 50 %% 730) * interval '1 day', now(), 1, 1,
           CASE WHEN g %% 3 = 0 OR g %% 2 = 0 THEN now() - (g * 50 %% 730) * interval '1 day' + interval '3 hours' END,
           CASE WHEN g %% 3 = 0 THEN now() - (g * 50 %% 730) * interval '1 day' + interval '20 hours' END,
           CASE WHEN g %% 3 = 0 OR g %% 2 = 0 THEN 3 ELSE 0 END, CASE WHEN g %% 3 = 0 THEN 20 ELSE 0 END
      FROM generate_series(1, %(problems)s) g
""", {"company": env.company.id, "problems": max(1, n // 50)})
cr.execute("""
    UPDATE helpdesk_ticket t SET cs_problem_id = p.id
      FROM cs_problem p
     WHERE p.name LIKE 'Bench problem %%' AND t.name LIKE 'Bench %%'
       AND t.create_date >= p.create_date AND t.create_date < p.create_date + interval '1 day'
       AND t.id %% 5 = 0
""", {})
cr.execute("ANALYZE helpdesk_ticket; ANALYZE cs_ticket_sla; ANALYZE cs_problem;")
fill_seconds = time.perf_counter() - start
today = fields.Date.today()
quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
board = env["cs.kpi.dashboard"].create({"date_from": quarter_start, "date_to": today, "team_id": team.id})
runs = []
for _round in range(3):  # best of three: the first run also warms caches
    env.invalidate_all()
    queries, start = sql_db.sql_counter, time.perf_counter()
    board._compute_line_ids()
    lines = {line.code: line.value for line in board.line_ids}
    runs.append((time.perf_counter() - start, sql_db.sql_counter - queries))
kpi_seconds, kpi_queries = min(runs)
problem_runs = []
for _round in range(3):
    env.invalidate_all()
    queries, start = sql_db.sql_counter, time.perf_counter()
    problem_cards = board._cs_problem_figures(board._cs_filter_domain(), board.date_from, board.date_to)
    problem_runs.append((time.perf_counter() - start, sql_db.sql_counter - queries))
problem_seconds, problem_queries = min(problem_runs)
problem_values = {card["code"]: card["value"] for card in problem_cards}
parts = {}
for label, domain in [("period", board._cs_filter_domain() & board._cs_period_domain(board.date_from, board.date_to)),
                      ("previous", board._cs_filter_domain() & board._cs_period_domain(board.date_from - (today - board.date_from) - __import__("datetime").timedelta(days=1), board.date_from - __import__("datetime").timedelta(days=1)))]:
    start = time.perf_counter(); env["cs.ticket.report"]._cs_totals(domain); parts[label] = time.perf_counter() - start
start = time.perf_counter()
env["helpdesk.ticket"].sudo().search_count(board._cs_filter_domain() & Domain("stage_id.closed", "=", False))
parts["backlog"] = time.perf_counter() - start
Report = env["cs.ticket.report"]
query = Report._search(board._cs_filter_domain() & board._cs_period_domain(board.date_from, board.date_to))
from odoo.tools import SQL
sql = query.select(SQL("COUNT(*)"), SQL("AVG(first_response_hours)"), SQL("SUM(fcr_count)"), SQL("AVG(csat)"))
cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", sql))
plan = [row[0] for row in cr.fetchall()]
cr.execute("SELECT COUNT(*) FROM helpdesk_ticket WHERE name LIKE 'Bench %%'")
tickets = cr.fetchone()[0]
cr.execute("SELECT COUNT(*) FROM cs_problem WHERE name LIKE 'Bench problem %%'")
problems = cr.fetchone()[0]
env.cr.rollback()
print("BENCH " + json.dumps({"tickets": tickets, "fill_seconds": fill_seconds, "kpi_seconds": kpi_seconds,
                             "kpi_queries": kpi_queries, "kpis": lines, "parts": parts, "plan": plan,
                             "quarter": [str(quarter_start), str(today)], "problems": problems,
                             "problem_seconds": problem_seconds, "problem_queries": problem_queries,
                             "problem_values": problem_values}))
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200000)
    parser.add_argument("--db", default=DATABASE)
    options = parser.parse_args()
    database = options.db
    prepare_database(database)
    # earlier runs were rolled back: reclaim their dead rows so that they do not slow this one
    subprocess.run(["psql", "-q", "-d", database, "-c", "VACUUM FULL ANALYZE helpdesk_ticket, cs_ticket_sla"],
                   check=True)
    row = run_in_shell(database, SCRIPT, BENCH_TICKETS=options.tickets)
    print(f"== KPIs of the quarter {row['quarter'][0]} … {row['quarter'][1]} over {row['tickets']} tickets")
    print(f"filled in {row['fill_seconds']:.1f} s (SQL); all KPIs (this period, previous period, backlog): "
          f"{row['kpi_seconds']:.3f} s, {row['kpi_queries']} queries")
    print("  " + ", ".join(f"{part} {seconds:.3f} s" for part, seconds in row["parts"].items()))
    for code, value in row["kpis"].items():
        print(f"  {code:<24}{value:>10.2f}")
    print(f"problem cards over {row['problems']} problems (this period and the previous one): "
          f"{row['problem_seconds']:.3f} s, {row['problem_queries']} queries")
    for code, value in row["problem_values"].items():
        print(f"  {code:<24}{value if value is not None else 'no data':>10}")
    print_query_plan("the period totals", row["plan"])


if __name__ == "__main__":
    main()
