"""The scale data set shared by ``scale_bench.py`` and ``load_bench.py``.

One database (default ``scl_scale``), built once from a copy of a demo
database (the addon installed with its demo data) and kept:

    1,000,000 tickets over 3 years        SQL
      100,000 accounts (companies)        SQL
          300 agents (30 of them CSMs)    ORM (res.users, groups, teams: cheap)
    5,000,000 SLA clocks                  SQL
      ~200,000 ratings                    SQL
      100,000 knowledge articles          SQL
           50 portal users (load bench)   ORM

Why SQL: the ORM creates a ticket with its clocks in a few milliseconds
(see sla_bench.py); a million tickets would take hours on two cores.  The
SQL fill copies every column of a demo record made by the ORM (one template
per tier) and overrides only what varies, so columns we do not know about
keep the values the ORM stores.  What it computes itself, as the ORM would:

- tickets: the stored SLA figures of ``_compute_cs_sla`` (status, earliest
  running deadline, met/breached/open counts, first response reached and
  hours, resolution hours) from the same clock plan the clocks are
  inserted from; ``cs_sla_policy_id`` is the policy the tier's demo ticket
  matched (VIP High, Core Medium/Low, Standard Medium);
- clocks: one per target of that policy (5 per ticket), their related
  stored fields (partner, tier, team, agent, company), ``is_met``,
  ``success_rate`` and ``start_month``; then the SLA Analysis monthly
  figures are counted by the addon itself (``_cs_rebuild``);
- ratings: ``rating_rating`` rows on a fifth of the closed tickets and the
  ticket's ``rating_last_value``;
- articles: ``search_vector`` with the weights of
  ``_cs_update_search_vector`` (English text only, so no jieba segmentation
  is needed), published on the portal.

Not filled: chatter messages (the ticket form reads the chatter of one
ticket; the load bench adds real ones), health checks and usage snapshots.
Ticket creation dates spread evenly over 3 years, ids growing with them;
tickets older than 14 days are closed except 1 % (the backlog).  The
account ``Northwind Traders`` of the demo (portal user ``portal.james``)
gets 5,000 tickets.
"""

import os
import subprocess
import sys
import time

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from benchlib import database_exists, run_in_shell  # noqa: E402

TICKETS = 1_000_000
ACCOUNTS = 100_000
AGENTS = 300
CSMS = 30
ARTICLES = 100_000
PORTAL_USERS = 50
TEMPLATE_DB = os.environ.get("SCALE_TEMPLATE_DB", "cs_tpl")

# Tier -> (template ticket of the demo, policy, the five targets: kind, target id, support level)
# Filled from the database by ``_tier_plan``.

ORM_SCRIPT = r'''
import json, os
from odoo import Command
agents = int(os.environ["SCALE_AGENTS"]); csms = int(os.environ["SCALE_CSMS"])
Users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True, tracking_disable=True)
existing = Users.search([("login", "=like", "scale.agent.%")])
if len(existing) < agents:
    agent_group = env.ref("customer_success_sla.group_cs_agent")
    manager_group = env.ref("customer_success_sla.group_cs_manager")
    have = set(existing.mapped("login"))
    vals = []
    for i in range(agents):
        login = f"scale.agent.{i:03d}"
        if login in have:
            continue
        groups = [agent_group.id] + ([manager_group.id] if i < csms else [])
        vals.append({"name": f"Scale Agent {i:03d}", "login": login, "password": login,
                     "group_ids": [Command.set(groups)]})
    existing |= Users.create(vals)
teams = env["helpdesk.ticket.team"].search([])
for index, team in enumerate(teams):
    team.user_ids = [Command.link(u.id) for u in existing[index::len(teams)]]
env.cr.commit()
print("BENCH " + json.dumps({"agents": existing.sorted("login").ids}))
'''


PORTAL_SCRIPT = r'''
import json, os
from odoo import Command
count = int(os.environ["SCALE_PORTAL_USERS"])
Users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True, tracking_disable=True)
james = Users.search([("login", "=", "portal.james")])
james.password = "portal.james"
existing = Users.search([("login", "=like", "scale.portal.%")])
if len(existing) < count:
    have = set(existing.mapped("login"))
    accounts = env["res.partner"].search([("name", "=like", "Scale account %"), ("is_company", "=", True)],
                                         order="id", limit=count)
    portal = env.ref("base.group_portal")
    vals = []
    for index, account in enumerate(accounts):
        login = f"scale.portal.{index:02d}"
        if login in have:
            continue
        contact = env["res.partner"].create({
            "name": f"Scale customer {index:02d}", "parent_id": account.id, "email": f"{login}@example.com",
            "cs_admin_contact": True})
        vals.append({"login": login, "password": login, "partner_id": contact.id,
                     "group_ids": [Command.set([portal.id])]})
    existing |= Users.create(vals)
env.cr.commit()
print("BENCH " + json.dumps({"portal": existing.sorted("login").ids}))
'''


def prepare_portal_users(database):
    """The demo portal user of the busy account gets a known password, and
    the load bench's portal customers (admin contacts of 50 accounts) exist."""
    return run_in_shell(database, PORTAL_SCRIPT, SCALE_PORTAL_USERS=PORTAL_USERS)["portal"]


def connect(database):
    connection = psycopg2.connect(dbname=database)
    connection.autocommit = False
    return connection


def counts(database):
    if not database_exists(database):
        return None
    with connect(database) as connection, connection.cursor() as cr:
        result = {}
        for table in ("helpdesk_ticket", "cs_ticket_sla", "rating_rating", "cs_knowledge_article"):
            cr.execute(f"SELECT count(*) FROM {table}")
            result[table] = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM res_partner WHERE is_company AND name LIKE 'Scale account %'")
        result["accounts"] = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM res_users WHERE login LIKE 'scale.agent.%'")
        result["agents"] = cr.fetchone()[0]
    return result


def is_built(database):
    found = counts(database)
    return bool(found) and found["helpdesk_ticket"] >= TICKETS and found["cs_ticket_sla"] >= 5 * TICKETS \
        and found["accounts"] >= ACCOUNTS and found["cs_knowledge_article"] >= ARTICLES


def _columns(cr, table, skip):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
               [table])
    return [name for (name,) in cr.fetchall() if name not in skip]


def step(label):
    print(f"  {time.strftime('%H:%M:%S')} {label}", flush=True)


def build(database, tickets=TICKETS):
    if is_built(database):
        print(f"{database} already holds the scale data set: {counts(database)}")
        return
    if not database_exists(database):
        print(f"creating {database} from {TEMPLATE_DB}", flush=True)
        subprocess.run(["createdb", "-T", TEMPLATE_DB, database], check=True)
    step("agents (ORM)")
    agents = run_in_shell(database, ORM_SCRIPT, SCALE_AGENTS=AGENTS, SCALE_CSMS=CSMS)["agents"]
    connection = connect(database)
    cr = connection.cursor()
    cr.execute("SET synchronous_commit = off")
    cr.execute("SET work_mem = '256MB'")
    cr.execute("SET maintenance_work_mem = '512MB'")

    # ---------------------------------------------------------------- accounts
    cr.execute("SELECT count(*) FROM res_partner WHERE name LIKE 'Scale account %'")
    if cr.fetchone()[0] < ACCOUNTS:
        step("accounts")
        cr.execute("SELECT id FROM res_partner WHERE name = 'Northwind Traders' AND is_company")
        template = cr.fetchone()[0]
        override = {
            "id": "a.id", "name": "'Scale account ' || a.k", "complete_name": "'Scale account ' || a.k",
            "display_name": "'Scale account ' || a.k", "commercial_partner_id": "a.id",
            "commercial_company_name": "'Scale account ' || a.k",
            "email": "'contact' || a.k || '@account' || a.k || '.example.com'",
            "email_normalized": "'contact' || a.k || '@account' || a.k || '.example.com'",
            "ref": "NULL", "vat": "NULL", "company_registry": "NULL",
            "cs_tier_id": "a.tier", "cs_csm_user_id": "(%(csms)s::int[])[1 + a.k %% %(csm_count)s]",
            "cs_health_score": "a.score",
            "cs_health_status": "CASE WHEN a.score >= 70 THEN 'green' WHEN a.score >= 40 THEN 'yellow' ELSE 'red' END",
            "cs_lifecycle_stage": "CASE WHEN a.score < 40 THEN 'at_risk' WHEN a.k %% 10 = 0 THEN 'adoption' "
                                  "ELSE 'mature' END",
            "cs_go_live_date": "(now() - (a.k %% 1500) * interval '1 day')::date",
            "create_date": "now() - interval '3 years'", "write_date": "now() - interval '3 years'",
        }
        columns = _columns(cr, "res_partner", set())
        select = ", ".join(override.get(c, f"p.{c}") for c in columns)
        cr.execute("SELECT id FROM cs_tier ORDER BY sequence, id")
        cr.execute("SELECT id FROM cs_tier WHERE code = 'VIP'"); vip = cr.fetchone()[0]
        cr.execute("SELECT id FROM cs_tier WHERE code = 'CORE'"); core = cr.fetchone()[0]
        cr.execute("SELECT id FROM cs_tier WHERE code = 'STANDARD'"); standard = cr.fetchone()[0]
        cr.execute(f"""
            INSERT INTO res_partner ({", ".join(columns)})
            SELECT {select}
              FROM (SELECT nextval('res_partner_id_seq') AS id, k,
                           CASE WHEN k %% 10 = 0 THEN {vip} WHEN k %% 10 < 5 THEN {core} ELSE {standard} END AS tier,
                           (k * 37) %% 100 AS score
                      FROM generate_series(1, %(accounts)s) k) a, res_partner p
             WHERE p.id = %(template)s
        """, {"accounts": ACCOUNTS, "template": template, "csms": agents[:CSMS], "csm_count": CSMS})
        connection.commit()

    # ----------------------------------------------------------------- tickets
    cr.execute("SELECT count(*) FROM helpdesk_ticket")
    if cr.fetchone()[0] < tickets:
        _fill_tickets(cr, tickets, agents)
        connection.commit()

    # ----------------------------------------------------------------- articles
    cr.execute("SELECT count(*) FROM cs_knowledge_article")
    if cr.fetchone()[0] < ARTICLES:
        step("articles")
        cr.execute("SELECT id FROM cs_knowledge_article WHERE name = 'Exporting reports to Excel'")
        template = cr.fetchone()[0]
        override = {
            "id": "a.id", "name": "a.title", "body": "'<p>' || a.title || ': ' || a.body || '</p>'",
            "state": "'published'", "active": "true", "portal_published": "true", "is_public": "a.k %% 3 = 0",
            "source_ticket_id": "NULL", "view_count": "a.k %% 500", "helpful_count": "a.k %% 17",
            "not_helpful_count": "a.k %% 5",
            "published_date": "now() - (a.k %% 1000) * interval '1 day'",
            "create_date": "now() - (a.k %% 1000) * interval '1 day'",
            "write_date": "now() - (a.k %% 1000) * interval '1 day'",
            "search_vector": "setweight(to_tsvector('english', a.title), 'A') "
                             "|| setweight(to_tsvector('english', a.body), 'B')",
        }
        columns = _columns(cr, "cs_knowledge_article", set())
        select = ", ".join(override.get(c, f"t.{c}") for c in columns)
        cr.execute(f"""
            INSERT INTO cs_knowledge_article ({", ".join(columns)})
            SELECT {select}
              FROM (SELECT nextval('cs_knowledge_article_id_seq') AS id, k,
                           (ARRAY['Printer', 'VPN', 'Invoice', 'Export', 'Login', 'Report', 'Mobile app',
                                  'Database', 'Backup', 'Email'])[1 + k %% 10]
                           || ' ' || (ARRAY['fails', 'is slow', 'shows an error', 'cannot connect',
                                            'times out', 'crashes', 'prints blank pages'])[1 + (k / 10) %% 7]
                           || ' (case ' || k || ')' AS title,
                           'How to fix it: restart the ' || (ARRAY['service', 'client', 'gateway', 'agent',
                           'driver'])[1 + k %% 5] || ', check the settings of module ' || (k %% 997)
                           || ' and update to version ' || (k %% 31) AS body
                      FROM generate_series(1, %(articles)s) k) a, cs_knowledge_article t
             WHERE t.id = %(template)s
        """, {"articles": ARTICLES, "template": template})
        connection.commit()
    connection.commit()
    step("SLA Analysis monthly figures")
    run_in_shell(database, 'env["cs.ticket.sla.month"]._cs_rebuild()\nenv.cr.commit()\nprint("BENCH {}")')
    # What autovacuum does to freshly filled tables (the visibility map lets
    # PostgreSQL answer counts from the indexes); this cluster runs without it.
    step("VACUUM ANALYZE")
    connection.autocommit = True
    for table in ("res_partner", "helpdesk_ticket", "cs_ticket_sla", "cs_ticket_sla_month", "rating_rating",
                  "cs_knowledge_article"):
        cr.execute(f"VACUUM (ANALYZE) {table}")
    cr.execute("ANALYZE")
    connection.close()
    print(f"built: {counts(database)}", flush=True)


def _tier_plan(cr):
    """Per tier: template ticket, policy, calendar and the five targets."""
    plan = {}
    for code, policy_name in (("VIP", "VIP — High"), ("CORE", "Core — Medium and Low"),
                              ("STANDARD", "Standard — Medium")):
        cr.execute("SELECT id, resource_calendar_id FROM cs_tier WHERE code = %s", [code])
        tier, calendar = cr.fetchone()
        cr.execute("SELECT id FROM cs_sla_policy WHERE name->>'en_US' = %s", [policy_name])
        policy = cr.fetchone()[0]
        cr.execute("""SELECT kind, id, hours, support_level FROM cs_sla_target WHERE policy_id = %s
                      ORDER BY array_position(ARRAY['first_response', 'next_response', 'resolution',
                               'level_response'], kind::text), support_level""", [policy])
        targets = cr.fetchall()[:5]
        assert len(targets) == 5, (code, targets)
        cr.execute("SELECT id FROM helpdesk_ticket WHERE cs_tier_id = %s ORDER BY id LIMIT 1", [tier])
        template = cr.fetchone()[0]
        plan[code] = {"tier": tier, "calendar": calendar, "policy": policy, "targets": targets, "template": template}
    return plan


def _fill_tickets(cr, tickets, agents):
    plan = _tier_plan(cr)
    cr.execute("SELECT id FROM res_partner WHERE name = 'Northwind Traders' AND is_company")
    northwind = cr.fetchone()[0]
    cr.execute("SELECT id FROM res_partner WHERE commercial_partner_id = %s AND NOT is_company ORDER BY id LIMIT 1",
               [northwind])
    northwind_contact = cr.fetchone()[0]
    cr.execute("SELECT id FROM res_partner WHERE name LIKE 'Scale account %' ORDER BY id")
    accounts = [row[0] for row in cr.fetchall()]
    cr.execute("SELECT id FROM helpdesk_ticket_stage WHERE name->>'en_US' = 'New'"); new = cr.fetchone()[0]
    cr.execute("SELECT id FROM helpdesk_ticket_stage WHERE name->>'en_US' = 'In Progress'"); progress = cr.fetchone()[0]
    cr.execute("SELECT id FROM helpdesk_ticket_stage WHERE name->>'en_US' = 'Awaiting'"); awaiting = cr.fetchone()[0]
    cr.execute("SELECT id FROM helpdesk_ticket_stage WHERE name->>'en_US' = 'Done'"); done = cr.fetchone()[0]
    cr.execute("SELECT id FROM helpdesk_ticket_stage WHERE name->>'en_US' = 'Cancelled'"); cancelled = cr.fetchone()[0]
    cr.execute("SELECT id FROM helpdesk_ticket_team ORDER BY id"); teams = [row[0] for row in cr.fetchall()]
    cr.execute("SELECT id FROM cs_tier WHERE code = 'VIP'"); vip = cr.fetchone()[0]
    cr.execute("SELECT id FROM cs_tier WHERE code = 'CORE'"); core = cr.fetchone()[0]

    step("ticket plan")
    cr.execute("DROP TABLE IF EXISTS scl_plan")
    # One row per ticket: every decision the ticket and its clocks follow.
    cr.execute("""
        CREATE UNLOGGED TABLE scl_plan AS
        SELECT g, nextval('helpdesk_ticket_id_seq')::int AS id, h, account, tier,
               created, open, breached, at_risk, rated,
               CASE WHEN open AND created > now() - interval '1 day' THEN %(new)s
                    WHEN open AND h %% 3 = 0 THEN %(awaiting)s
                    WHEN open THEN %(progress)s
                    WHEN h %% 33 = 0 THEN %(cancelled)s ELSE %(done)s END AS stage,
               (%(agents)s::int[])[1 + (h * 7) %% %(agent_count)s] AS agent,
               (%(teams)s::int[])[1 + h %% %(team_count)s] AS team
          FROM (SELECT g, h, account,
                       CASE WHEN account = %(northwind)s THEN %(core)s
                            ELSE (SELECT cs_tier_id FROM res_partner WHERE id = account) END AS tier,
                       created,
                       created > now() - interval '14 days' OR h %% 100 = 0 AS open,
                       h %% 10 = 1 AS breached, h %% 10 = 2 AS at_risk, g %% 5 = 0 AS rated
                  FROM (SELECT g, ((g::bigint * 2654435761) %% 4294967296 / 7)::int %% 1000000 AS h,
                               CASE WHEN g %% 200 = 7 THEN %(northwind)s
                                    ELSE (%(accounts)s::int[])[1 + (g::bigint * 7919) %% %(account_count)s] END
                                    AS account,
                               now() - (%(tickets)s - g) * (interval '1095 days' / %(tickets)s) AS created
                          FROM generate_series(1, %(tickets)s) g) s) t
    """, {"tickets": tickets, "accounts": accounts, "account_count": len(accounts), "northwind": northwind,
          "core": core, "agents": agents, "agent_count": len(agents), "teams": teams, "team_count": len(teams),
          "new": new, "awaiting": awaiting, "progress": progress, "done": done, "cancelled": cancelled})
    cr.execute("ALTER TABLE scl_plan ADD PRIMARY KEY (g)")
    cr.execute("ANALYZE scl_plan")

    # Clock plan, 5 per ticket: status, start, deadline, reached (all from the ticket plan).
    # Customer kinds: first_response, next_response, resolution, periodic_update.
    step("clock plan")
    values = []
    for code, tier_plan in plan.items():
        for position, (kind, target, hours, level) in enumerate(tier_plan["targets"]):
            values.append(cr.mogrify("(%s, %s, %s, %s, %s::numeric, %s, %s, %s)", [
                tier_plan["tier"], position, kind, target, hours, level, tier_plan["policy"], tier_plan["calendar"]
            ]).decode())
    cr.execute("DROP TABLE IF EXISTS scl_clock_plan")
    cr.execute(f"""
        CREATE UNLOGGED TABLE scl_clock_plan AS
        SELECT p.id AS ticket_id, p.g, t.position, t.kind, t.target, t.hours, t.level, t.policy, t.calendar,
               p.created AS start_date,
               -- working hours take about three calendar hours each
               CASE WHEN s.status = 'running' THEN now() + ((p.h % 720) + 1) * interval '1 hour'
                    ELSE p.created + t.hours * interval '3 hours' END AS deadline,
               s.status,
               CASE WHEN s.status = 'met' THEN p.created + t.hours * interval '2 hours'
                    WHEN s.status = 'breached' AND NOT p.open THEN p.created + t.hours * interval '4 hours'
                    END AS reached,
               s.status = 'running' AND p.at_risk AND t.kind = 'resolution' AS warning
          FROM scl_plan p
          JOIN (VALUES {", ".join(values)}) AS t(tier, position, kind, target, hours, level, policy, calendar)
            ON t.tier = p.tier
          CROSS JOIN LATERAL (SELECT CASE
               WHEN t.kind = 'resolution' AND p.breached THEN 'breached'
               WHEN t.kind = 'first_response' AND p.h % 20 = 3 AND NOT p.open THEN 'breached'
               WHEN NOT p.open THEN 'met'
               WHEN t.kind IN ('first_response', 'level_response') AND t.level IS DISTINCT FROM 'l3'
                    AND p.created < now() - interval '1 hour' THEN 'met'
               ELSE 'running' END AS status) s
    """)
    step("tickets")
    cr.execute("CREATE INDEX ON scl_clock_plan (ticket_id)")
    cr.execute("ANALYZE scl_clock_plan")
    override = {
        "id": "p.id", "name": "p.title", "description": "'<p>' || p.title || ': the customer reports it since '"
                                                        " || to_char(p.created, 'YYYY-MM-DD') || '.</p>'",
        "number": "'SCL' || lpad(p.g::text, 7, '0')", "partner_id": "CASE WHEN p.account = %(northwind)s "
                                                                    "THEN %(contact)s ELSE p.account END",
        "commercial_partner_id": "p.account", "partner_name": "NULL", "partner_email": "NULL",
        "user_id": "p.agent", "team_id": "p.team", "stage_id": "p.stage",
        "priority": "CASE p.tier WHEN %(vip)s THEN '2' ELSE '1' END",
        "cs_tier_id": "p.tier", "cs_sla_policy_id": "c.policy", "create_date": "p.created",
        "write_date": "COALESCE(c.closed, p.created)", "last_stage_update": "COALESCE(c.closed, p.created)",
        "assigned_date": "p.created", "closed_date": "c.closed", "active": "true",
        "access_token": "md5(p.g::text || 'scale')", "kanban_state": "'normal'", "color": "0",
        "sequence": "10", "duplicate_id": "NULL", "cs_problem_id": "NULL", "category_id": "NULL",
        "cs_routed_user_id": "NULL", "cs_routed_date": "NULL", "cs_customer_solved_date": "NULL",
        "cs_reopen_count": "0", "cs_agent_reply_count": "CASE WHEN c.first_reached IS NULL THEN 0 ELSE 1 + p.h %% 3 END",
        "cs_impact": "(ARRAY['user', 'team', 'company'])[1 + p.h %% 3]",
        "cs_urgency": "(ARRAY['low', 'medium', 'high'])[1 + p.h %% 3]",
        "cs_support_level": "'l1'", "cs_support_level_date": "p.created", "cs_sla_start_date": "p.created",
        "cs_sla_status": "CASE WHEN c.breached > 0 THEN 'breached' WHEN c.warned > 0 THEN 'at_risk' "
                         "WHEN c.open > 0 THEN 'on_track' ELSE 'met' END",
        "cs_sla_deadline": "c.deadline", "cs_sla_met_count": "c.met", "cs_sla_breached_count": "c.breached",
        "cs_sla_open_count": "c.open", "cs_first_response_reached": "c.first_reached IS NOT NULL",
        "cs_first_response_date": "c.first_reached",
        "cs_first_response_hours": "c.first_hours", "cs_first_response_calendar_hours": "c.first_calendar",
        "cs_resolution_hours": "c.resolution_hours", "cs_resolution_calendar_hours": "c.resolution_calendar",
        "rating_last_value": "CASE WHEN p.rated AND NOT p.open THEN (ARRAY[5, 5, 5, 3, 1])[1 + p.h %% 5] "
                             "ELSE 0 END",
        "positive_rate_percentage": "CASE WHEN p.rated AND NOT p.open AND p.h %% 5 < 3 THEN 100 ELSE 0 END",
        "unattended": "p.stage = %(new)s",
    }
    columns = _columns(cr, "helpdesk_ticket", set())
    select = ", ".join(override.get(c, f"tpl.{c}") for c in columns)
    templates = ", ".join(f"({tp['tier']}, {tp['template']})" for tp in plan.values())
    cr.execute(f"""
        INSERT INTO helpdesk_ticket ({", ".join(columns)})
        SELECT {select}
          FROM (SELECT *, (ARRAY['Cannot log in', 'VPN disconnects', 'Invoice amount differs from the contract',
                                 'Export to Excel fails', 'Label printer prints blank labels', 'Report is slow',
                                 'Mobile app crashes', 'Password reset email not received',
                                 'API gateway returns 502', 'Backup job failed'])[1 + h %% 10]
                          || ' #' || g AS title FROM scl_plan) p
          JOIN (VALUES {templates}) AS tt(tier, template) ON tt.tier = p.tier
          JOIN helpdesk_ticket tpl ON tpl.id = tt.template
          JOIN (SELECT ticket_id, min(policy) AS policy,
                       count(*) FILTER (WHERE status = 'met' AND kind <> 'level_response') AS met,
                       count(*) FILTER (WHERE status = 'breached' AND kind <> 'level_response') AS breached,
                       count(*) FILTER (WHERE status = 'running' AND kind <> 'level_response') AS open,
                       count(*) FILTER (WHERE warning AND kind <> 'level_response') AS warned,
                       min(deadline) FILTER (WHERE status = 'running' AND kind <> 'level_response') AS deadline,
                       max(reached) FILTER (WHERE kind = 'first_response') AS first_reached,
                       max(hours / 1.5) FILTER (WHERE kind = 'first_response' AND reached IS NOT NULL)
                           AS first_hours,
                       max(extract(epoch FROM reached - start_date) / 3600)
                           FILTER (WHERE kind = 'first_response' AND reached IS NOT NULL) AS first_calendar,
                       max(hours / 1.5) FILTER (WHERE kind = 'resolution' AND reached IS NOT NULL)
                           AS resolution_hours,
                       max(extract(epoch FROM reached - start_date) / 3600)
                           FILTER (WHERE kind = 'resolution' AND reached IS NOT NULL) AS resolution_calendar,
                       max(reached) FILTER (WHERE kind = 'resolution') AS closed
                  FROM scl_clock_plan GROUP BY ticket_id) c ON c.ticket_id = p.id
    """, {"northwind": northwind, "contact": northwind_contact, "vip": vip, "new": new})
    step("clocks")
    cr.execute("""
        INSERT INTO cs_ticket_sla (ticket_id, policy_id, target_id, company_id, partner_id, cs_tier_id, team_id,
            user_id, calendar_id, warning_percent, create_uid, write_uid, kind, support_level, status,
            target_hours, paused_hours, elapsed_hours, warning, is_met, start_date, paused_since, deadline,
            warning_date, reached_date, create_date, write_date, success_rate, start_month)
        SELECT c.ticket_id, c.policy, c.target, 1, p.account, p.tier, p.team, p.agent, c.calendar, 80, 1, 1,
               c.kind, c.level, c.status, c.hours, 0,
               CASE WHEN c.reached IS NOT NULL THEN c.hours / 1.5 END, c.warning, c.status = 'met', c.start_date,
               NULL, c.deadline,
               -- a running clock past its warning time was flagged by the sweep
               CASE WHEN c.warning THEN now() - interval '1 hour'
                    WHEN c.status = 'running' THEN c.deadline - (c.deadline - now()) * 0.2
                    ELSE c.deadline - (c.deadline - c.start_date) * 0.2 END,
               c.reached, c.start_date, COALESCE(c.reached, c.start_date),
               CASE WHEN c.status = 'met' THEN 100.0 ELSE 0.0 END,
               -- the month in the support hours' time zone (cs.ticket.sla.start_month)
               date_trunc('month', timezone(COALESCE(cal.tz, 'UTC'), timezone('UTC', c.start_date)))::date
          FROM scl_clock_plan c JOIN scl_plan p ON p.id = c.ticket_id
          JOIN resource_calendar cal ON cal.id = c.calendar
         ORDER BY c.ticket_id, c.position
    """)
    step("ratings")
    cr.execute("SELECT id FROM ir_model WHERE model = 'helpdesk.ticket'")
    model_id = cr.fetchone()[0]
    cr.execute("""
        INSERT INTO rating_rating (res_model_id, res_id, res_model, res_name, partner_id, rated_partner_id,
            create_uid, write_uid, access_token, feedback, is_internal, consumed, create_date, write_date,
            rated_on, rating, rating_text)
        SELECT %(model)s, t.id, 'helpdesk.ticket', t.name, t.partner_id, u.partner_id, 1, 1,
               md5(t.id::text || 'rating'), NULL, false, true, t.closed_date, t.closed_date, t.closed_date,
               t.rating_last_value,
               CASE WHEN t.rating_last_value = 5 THEN 'top' WHEN t.rating_last_value = 3 THEN 'ok' ELSE 'ko' END
          FROM helpdesk_ticket t JOIN scl_plan p ON p.id = t.id LEFT JOIN res_users u ON u.id = t.user_id
         WHERE p.rated AND NOT p.open
    """, {"model": model_id})
    cr.execute("DROP TABLE scl_clock_plan")
    cr.execute("DROP TABLE scl_plan")


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else "scl_scale", int(sys.argv[2]) if len(sys.argv) > 2 else TICKETS)
