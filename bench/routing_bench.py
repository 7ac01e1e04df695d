#!/usr/bin/env python3
"""Routing benchmark: prints figures, asserts nothing.

Assigns N new tickets (1,000 then 5,000 by default) among 50 agents of one
team in one batch, and prints seconds and queries for the routing decision
(skills, levels, availability, capacity, weighted load) and for the whole
assignment (the decision plus writing the assignees, their tracking in each
ticket's chatter and one message per agent).

    python3 bench/routing_bench.py [--agents 50] [--sizes 1000 5000]

Uses the database ``cs_bench_cs_sla`` (created by bench/sla_bench.py, or
here when missing); every measurement is rolled back.
"""

import argparse

from benchlib import prepare_database, run_in_shell

DATABASE = "cs_bench_cs_sla"

SCRIPT = r'''
import json, os, time
from odoo import Command, sql_db
agents_count = int(os.environ["BENCH_AGENTS"])
sizes = [int(size) for size in os.environ["BENCH_SIZES"].split(",")]
env.company.helpdesk_mgmt_ticket_auto_assign = False
env["cs.sla.policy"].search([]).active = False  # routing alone
group = env.ref("customer_success_sla.group_cs_agent")
categories = env["helpdesk.ticket.category"].create([{"name": f"Bench category {i}"} for i in range(5)])
users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True).create([
    {"name": f"Bench agent {i}", "login": f"bench_agent_{i}", "cs_capacity": 10000,
     "group_ids": [Command.link(group.id)]} for i in range(agents_count)])
levels = ["junior", "intermediate", "senior", "expert"]
env["cs.agent.skill"].create([
    {"user_id": user.id, "category_id": categories[(i + k) % 5].id, "level": levels[(i + k) % 4]}
    for i, user in enumerate(users) for k in range(2)])
team = env["helpdesk.ticket.team"].create({"name": "Bench routing", "user_ids": [Command.set(users.ids)]})
partner = env["res.partner"].create({"name": "Bench routed customer", "is_company": True})
results = []
for size in sizes:
    tickets = env["helpdesk.ticket"].with_context(mail_notrack=True).create([
        {"name": f"Routed {i}", "description": "x", "partner_id": partner.id, "team_id": team.id,
         "category_id": categories[i % 5].id, "cs_support_level": ("l1", "l2", "l3")[i % 3],
         "priority": str(i % 4), "user_id": users[0].id} for i in range(size)])
    tickets.with_context(mail_notrack=True).write({"user_id": False})
    env.flush_all()
    env.invalidate_all()
    queries, start = sql_db.sql_counter, time.perf_counter()
    picks = tickets._cs_routing_picks()
    decide_seconds, decide_queries = time.perf_counter() - start, sql_db.sql_counter - queries
    env.invalidate_all()
    queries, start = sql_db.sql_counter, time.perf_counter()
    tickets._cs_route()
    env.flush_all()
    env.cr.precommit.run()  # the assignees' tracking messages, written at commit
    route_seconds, route_queries = time.perf_counter() - start, sql_db.sql_counter - queries
    assigned = len(tickets.filtered("user_id"))
    results.append({"size": size, "decide_seconds": decide_seconds, "decide_queries": decide_queries,
                    "route_seconds": route_seconds, "route_queries": route_queries, "assigned": assigned,
                    "agents_used": len(tickets.user_id)})
    tickets.unlink()
env.cr.rollback()
print("BENCH " + json.dumps(results))
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    options = parser.parse_args()
    prepare_database(DATABASE)
    rows = run_in_shell(DATABASE, SCRIPT, BENCH_AGENTS=options.agents, BENCH_SIZES=",".join(map(str, options.sizes)))
    print(f"== Routing {options.sizes} new tickets among {options.agents} agents, one batch")
    print(f"{'tickets':>8}{'assigned':>10}{'agents':>8}{'decide s':>10}{'decide q':>10}{'route s':>10}{'route q':>10}")
    for row in rows:
        print(f"{row['size']:>8}{row['assigned']:>10}{row['agents_used']:>8}{row['decide_seconds']:>10.3f}"
              f"{row['decide_queries']:>10}{row['route_seconds']:>10.3f}{row['route_queries']:>10}")


if __name__ == "__main__":
    main()
