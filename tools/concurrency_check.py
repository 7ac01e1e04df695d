#!/usr/bin/env python3
"""Run every scheduled action of customer_success_sla by two workers at once,
then by one worker killed half-way (SIGKILL) and run again, and check the
outcome of each.

    python3 tools/concurrency_check.py TEMPLATE_DB [--db NAME] [--accounts 1500] [--tickets 1500]

TEMPLATE_DB is a database with the addon installed. The check copies it to a
throwaway database (``--db``, dropped and re-created; default
``<TEMPLATE_DB>_concurrency``), updates the addon to the code at hand,
generates due work for every job (accounts to move along their lifecycle, to
check, to review, to report to, to invite to the NPS survey and to refresh;
tickets whose clocks are due with an escalation rule), and copies that
database once more for the kill phase.

Each worker runs a job as the scheduler does (``ir.cron._callback`` with a
progress record, called again while it reports remaining work), with a short
time budget per call so that jobs stop and resume. Workers bypass the
scheduler's own job lock on purpose: two of them run the same job at the
same instant. For each job it prints the expected and found counts,
duplicates, left-over work and errors; all of the last three must be zero.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = "customer_success_sla"
FILESTORE = Path.home() / ".local/share/Odoo/filestore"
CALL_BUDGET = 2.0  # seconds per scheduler call: jobs stop and resume


# ----------------------------------------------------------------------
# Odoo access
# ----------------------------------------------------------------------

def registry_of(database):
    import odoo
    from odoo.tools import config

    config.parse_config([f"--addons-path={ROOT}", "--log-level=warn", f"--database={database}"])
    from odoo.modules.registry import Registry

    return Registry(database)


def environment(registry, cr, uid=None, context=None):
    from odoo import SUPERUSER_ID, api

    return api.Environment(cr, uid or SUPERUSER_ID, context or {})


def cron_jobs():
    """xmlids of the addon's scheduled actions, from its data files."""
    import re

    jobs = []
    for path in sorted((ROOT / MODULE / "data").glob("*.xml")):
        jobs += re.findall(r'<record id="([^"]+)" model="ir.cron"', path.read_text())
    return [f"{MODULE}.{xmlid}" for xmlid in jobs]


def run_job(registry, xmlid, on_start=None):
    """Run one job as the scheduler does until it reports nothing left;
    return the tracebacks of the calls that failed."""
    with registry.cursor() as cr:
        cron = environment(registry, cr).ref(xmlid)
        cron_id, user_id, name, action_id = cron.id, cron.user_id.id, cron.name, cron.ir_actions_server_id.id
    failures, processed = [], 0
    if on_start:
        on_start()
    for _call in range(500):
        with registry.cursor() as cr:
            env = environment(registry, cr, user_id, {
                "lastcall": False, "cron_id": cron_id, "cron_end_time": time.monotonic() + CALL_BUDGET})
            cron, progress = env["ir.cron"].browse(cron_id)._add_progress()
            cr.commit()
            try:
                cron._callback(name, action_id)
            except Exception:  # noqa: BLE001 - reported, like the scheduler does
                failures.append(traceback.format_exc())
            done, remaining = progress.done, progress.remaining
            processed += done
            cr.commit()
        if failures and not done:
            break
        if not remaining:
            break
        if not done:
            time.sleep(0.2)  # what is left is held by the other worker
    return failures, processed


def html_reports_without_wkhtmltopdf(registry):
    """Without wkhtmltopdf on this machine, reports are rendered as HTML (as
    Odoo does in tests): the check is about the jobs, not the PDF engine."""
    Report = registry["ir.actions.report"]
    with registry.cursor() as cr:
        if environment(registry, cr)["ir.actions.report"].get_wkhtmltopdf_state() == "ok":
            return False

    def render_html(self, report_ref, res_ids=None, data=None):
        return self._render_qweb_html(report_ref, res_ids, data=data)

    Report._render_qweb_pdf = render_html
    return True


def worker_main(database, xmlid, start_at):
    """A worker process: load the registry, wait for the start signal, run."""
    registry = registry_of(database)
    html_reports_without_wkhtmltopdf(registry)
    while time.time() < start_at:
        time.sleep(0.005)
    try:
        failures, processed = run_job(registry, xmlid, on_start=lambda: print("STARTED", flush=True))
    except Exception:  # noqa: BLE001
        failures, processed = [traceback.format_exc()], 0
    print("RESULT " + json.dumps({"failures": failures, "processed": processed}), flush=True)


def spawn(database, xmlid, start_at):
    return subprocess.Popen(
        [sys.executable, __file__, "--worker", xmlid, "--start-at", str(start_at), "--db", database, "-"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd="/tmp")


SPLIT = {}  # xmlid: what each of the two workers reported processed


def collect(process, xmlid=None):
    out, err = process.communicate()
    for line in out.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
            if xmlid:
                SPLIT.setdefault(xmlid, []).append(result["processed"])
            return result["failures"]
    return [f"worker exited with {process.returncode}: {err[-2000:]}"]


# ----------------------------------------------------------------------
# Databases and data
# ----------------------------------------------------------------------

def copy_database(source, target):
    subprocess.run(["dropdb", "--if-exists", target], check=True)
    subprocess.run(["createdb", "-T", source, target], check=True)
    if (FILESTORE / source).exists():
        shutil.rmtree(FILESTORE / target, ignore_errors=True)
        shutil.copytree(FILESTORE / source, FILESTORE / target)


def update_addon(database):
    result = subprocess.run(
        [sys.executable, "-m", "odoo", "-d", database, f"--addons-path={ROOT}", "-u", MODULE,
         "--stop-after-init", "--log-level=warn", "--max-cron-threads=0", "--no-http"],
        capture_output=True, text=True, cwd="/tmp")
    if result.returncode:
        sys.exit(result.stdout[-3000:] + result.stderr[-3000:])


def generate(registry, accounts_count, tickets_count):
    from odoo import Command, fields

    with registry.cursor() as cr:
        env = environment(registry, cr)
        env["ir.cron"].search([]).write({"active": False})  # nothing else runs meanwhile
        today = fields.Date.context_today(env["res.partner"])
        tiers = env.ref(f"{MODULE}.tier_standard") | env.ref(f"{MODULE}.tier_core")
        stages = [("onboarding", 400), ("adoption", 400), ("mature", 800)]
        vals = []
        for index in range(accounts_count):
            stage, days = stages[index % 3]
            vals.append({
                "name": f"Concurrency account {index}", "is_company": True,
                "cs_tier_id": tiers[index % 2].id, "cs_lifecycle_stage": stage,
                "cs_go_live_date": today - timedelta(days=days), "email": f"account{index}@cc.example.com",
                "cs_csat_avg": 4.0, "cs_service_report_opt_out": index >= 6,
            })
        accounts = env["res.partner"].create(vals)
        contacts = env["res.partner"].create([
            {"name": f"Main contact {account.id}", "parent_id": account.id, "cs_admin_contact": True,
             "email": f"main{account.id}@cc.example.com"} for account in accounts])
        tiers.write({"sla_committed_compliance": 95})  # upgraded databases ship no commitment
        # accounts that were customers all last month: their SLA statement is due
        cr.execute("UPDATE res_partner SET create_date = create_date - interval '60 days' WHERE id = ANY(%s)",
                   [accounts.ids])
        for target in env["cs.sla.target"].search([("kind", "=", "resolution"), ("policy_id.active", "=", True)]):
            target.escalation_ids = [Command.create({"trigger": "breach", "to_support_level": "l2"})]
        cr.commit()
        for start in range(0, tickets_count, 250):
            env["helpdesk.ticket"].create([
                {"name": f"Concurrency ticket {index}", "description": "<p>Load</p>",
                 "partner_id": contacts[index % len(contacts)].id}
                for index in range(start, min(start + 250, tickets_count))])
            cr.commit()
        # every open clock is due, every pending escalation too
        cr.execute("""UPDATE cs_ticket_sla SET deadline = now() at time zone 'utc' - interval '1 hour',
                             warning_date = now() at time zone 'utc' - interval '2 hours'
                       WHERE status = 'running'""")
        cr.execute("""UPDATE cs_ticket_sla_escalation SET due_date = now() at time zone 'utc' - interval '1 hour'
                       WHERE state = 'pending'""")
        cr.commit()


# ----------------------------------------------------------------------
# What each job must have done
# ----------------------------------------------------------------------

from odoo.fields import Domain  # noqa: E402  (odoo is importable: the addon needs it)


class Check:
    """before(env) → state; after(env, state) → expected, found, duplicates, left."""

    def __init__(self, env):
        from odoo import fields

        self.env = env
        self.today = fields.Date.context_today(env["res.partner"])
        self.now = fields.Datetime.now()
        env.cr.execute("SELECT now() at time zone 'utc'")
        self.start = env.cr.fetchone()[0]

    def _messages(self, model, ids, like):
        if not ids:
            return {}
        self.env.cr.execute(
            """SELECT res_id, count(*) FROM mail_message
                WHERE model = %s AND res_id IN %s AND body::text LIKE %s AND create_date >= %s
             GROUP BY res_id""", [model, tuple(ids), like, self.start])
        return dict(self.env.cr.fetchall())

    def _mentions(self, model, ids, phrase):
        """{res_id: times ``phrase`` occurs in the record's new messages}: a
        note may report several clocks at once."""
        if not ids:
            return {}
        self.env.cr.execute(
            """SELECT res_id, sum((length(body::text) - length(replace(body::text, %s, ''))) / length(%s))
                 FROM mail_message
                WHERE model = %s AND res_id IN %s AND create_date >= %s
             GROUP BY res_id""", [phrase, phrase, model, tuple(ids), self.start])
        return {res_id: int(count) for res_id, count in self.env.cr.fetchall()}

    # lifecycle -----------------------------------------------------------
    def lifecycle(self):
        Partner = self.env["res.partner"]
        due = Partner.search(Partner._cs_lifecycle_due_domain(self.today))
        before = {account.id: account.cs_lifecycle_stage for account in due}

        def after():
            accounts = Partner.browse(list(before))
            moved = accounts.filtered(lambda a: a.cs_lifecycle_stage != before[a.id])
            # a stage change is tracked: more than one change note per account is a duplicate
            self.env.cr.execute(
                """SELECT m.res_id, count(*) FROM mail_tracking_value v
                     JOIN mail_message m ON m.id = v.mail_message_id
                     JOIN ir_model_fields f ON f.id = v.field_id
                    WHERE f.model = 'res.partner' AND f.name = 'cs_lifecycle_stage' AND m.res_id = ANY(%s)
                      AND m.create_date >= %s GROUP BY m.res_id""", [list(before), self.start])
            duplicates = sum(max(count - 1, 0) for _id, count in self.env.cr.fetchall())
            return len(before), len(moved), duplicates, Partner.search_count(
                Partner._cs_lifecycle_due_domain(self.today) & Domain("id", "in", list(before)))
        return after

    # SLA sweep -----------------------------------------------------------
    def sla(self):
        Clock, Run = self.env["cs.ticket.sla"], self.env["cs.ticket.sla.escalation"]
        run_domain = [("state", "=", "pending"), ("due_date", "<=", self.now),
                      ("clock_status", "in", ["running", "breached"])]
        clocks = Clock.search(Clock._cs_due_domain(self.now))
        runs = Run.search(run_domain)
        tickets = (clocks.ticket_id | runs.ticket_id).ids

        def after():
            flagged = clocks.filtered(lambda c: not c.filtered_domain(Clock._cs_due_domain(self.now)))
            done = runs.filtered(lambda r: r.state != "pending")
            applied = self._messages("helpdesk.ticket", tickets, "%SLA escalation (%applied%")
            ran = {}
            for run in done.filtered(lambda r: r.state == "done"):
                ran[run.ticket_id.id] = ran.get(run.ticket_id.id, 0) + 1
            # each breached clock is reported once, in whichever note of its batch
            reported = self._mentions("helpdesk.ticket", tickets, "breached: its deadline")
            breached = {}
            for clock in flagged.filtered(lambda c: c.status == "breached"):
                breached[clock.ticket_id.id] = breached.get(clock.ticket_id.id, 0) + 1
            duplicates = sum(max(applied.get(t, 0) - ran.get(t, 0), 0) for t in tickets) + sum(
                max(reported.get(t, 0) - breached.get(t, 0), 0) for t in tickets)
            left = len(clocks.filtered_domain(Clock._cs_due_domain(self.now))) + len(runs.filtered_domain(run_domain))
            return len(clocks) + len(runs), len(flagged) + len(done), duplicates, left
        return after

    # health --------------------------------------------------------------
    def health(self):
        Partner = self.env["res.partner"]
        due = Partner.search(Partner._cs_health_due_domain(self.today))

        def after():
            checked = due.filtered(lambda a: a.cs_health_check_date == self.today)
            self.env.cr.execute(
                """SELECT count(*) - count(DISTINCT partner_id) FROM cs_health_check
                    WHERE date = %s AND partner_id = ANY(%s)""", [self.today, due.ids])
            duplicates = self.env.cr.fetchone()[0]
            return len(due), len(checked), duplicates, Partner.search_count(
                Partner._cs_health_due_domain(self.today) & Domain("id", "in", due.ids))
        return after

    # review playbooks ------------------------------------------------------
    def reviews(self):
        Partner = self.env["res.partner"]
        kinds = [(date_field, plan, Partner.search(domain))
                 for _interval, date_field, plan, domain in Partner._cs_review_due_domains(self.today)]

        def after():
            expected = found = duplicates = left = 0
            for date_field, plan, due in kinds:
                expected += len(due)
                found += len(due.filtered(lambda a, f=date_field: a[f] == self.today))
                per_plan = len(plan.template_ids)
                self.env.cr.execute(
                    """SELECT res_id, count(*) FROM mail_activity
                        WHERE res_model = 'res.partner' AND res_id = ANY(%s) AND create_date >= %s
                          AND activity_type_id = ANY(%s) GROUP BY res_id""",
                    [due.ids, self.start, plan.template_ids.activity_type_id.ids])
                duplicates += sum(max(count - per_plan * len(kinds), 0) for _id, count in self.env.cr.fetchall())
                left += len(due.filtered(lambda a, f=date_field: a[f] != self.today))
            return expected, found, duplicates, left
        return after

    # service reports -------------------------------------------------------
    def service_reports(self):
        Partner = self.env["res.partner"]
        due = Partner.search(Partner._cs_service_report_due_domain(self.today))

        def after():
            self.env.cr.execute(
                """SELECT m.res_id, count(*) FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id
                    WHERE m.model = 'res.partner' AND m.res_id = ANY(%s) AND m.create_date >= %s
                 GROUP BY m.res_id""", [due.ids, self.start])
            mails = dict(self.env.cr.fetchall())
            sent = due.filtered(lambda a: a.cs_service_report_date == self.today)
            return (len(due), len(sent), sum(max(count - 1, 0) for count in mails.values()),
                    Partner.search_count(Partner._cs_service_report_due_domain(self.today) & Domain("id", "in", due.ids)))
        return after

    # NPS invitations -------------------------------------------------------
    def nps(self):
        from odoo.addons.customer_success_sla.engine import voice

        Partner, Cadence = self.env["res.partner"], self.env["cs.nps.cadence"]
        cadences = Cadence._cs_active()
        candidates = Partner.search(Partner._cs_invitation_candidates_domain(self.today))
        due = candidates.filtered(
            lambda a: (cadence := Cadence._cs_cadence_for(a, cadences)) and voice.invitation_due(
                self.today, a.cs_lifecycle_stage, a.cs_go_live_date, a.cs_nps_last_invite_date,
                {a.cs_lifecycle_stage: cadence}))

        def after():
            invited = due.filtered(lambda a: a.cs_nps_last_invite_date == self.today)
            self.env.cr.execute(
                """SELECT count(*) - count(DISTINCT (cs_account_id, partner_id)) FROM survey_user_input
                    WHERE cs_account_id = ANY(%s) AND create_date >= %s""", [due.ids, self.start])
            return len(due), len(invited), self.env.cr.fetchone()[0], len(due - invited)
        return after

    # CSAT / NPS refresh ----------------------------------------------------
    def voice_refresh(self):
        Partner = self.env["res.partner"]
        due = Partner.search(Partner._cs_voice_refresh_domain(self.today))

        def after():
            refreshed = due.filtered(lambda a: a.cs_voice_refresh_date == self.today)
            return len(due), len(refreshed), 0, len(due - refreshed)
        return after

    # monthly review --------------------------------------------------------
    def monthly_review(self):
        date_from, _date_to = self.env["cs.kpi.dashboard"]._cs_last_month()
        Review = self.env["cs.kpi.monthly.review"]
        expected = 0 if Review.search_count([("period", "=", date_from)]) else 1

        def after():
            self.env.cr.execute(
                "SELECT count(*) FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id "
                "WHERE m.subject LIKE %s AND m.create_date >= %s", ["Service review %", self.start])
            mails = self.env.cr.fetchone()[0]
            made = Review.search_count([("period", "=", date_from)])
            return expected, made, max(mails - made, 0) + max(made - expected, 0), max(expected - made, 0)
        return after

    # agent level reviews ---------------------------------------------------
    def agent_levels(self):
        from odoo import fields

        Review = self.env["cs.agent.level.review"]
        period_start, _end = Review._cs_quarter_before(fields.Date.context_today(Review))
        agents = self.env.ref(f"{MODULE}.group_cs_agent").all_user_ids.filtered(lambda u: u.active and not u.share)
        missing = agents - Review.search([("period_start", "=", period_start)]).user_id

        def after():
            self.env.cr.execute(
                "SELECT count(*) - count(DISTINCT user_id) FROM cs_agent_level_review WHERE period_start = %s",
                [period_start])
            duplicates = self.env.cr.fetchone()[0]
            made = Review.search([("period_start", "=", period_start), ("user_id", "in", missing.ids)])
            return len(missing), len(made), duplicates, len(missing - made.user_id)
        return after

    # SLA statements --------------------------------------------------------
    def sla_statements(self):
        from datetime import datetime, time

        from odoo.addons.customer_success_sla.engine import sla_credit

        month = sla_credit.previous_month(self.today)
        stop = datetime.combine(sla_credit.next_month(month), time.min) + timedelta(days=1)
        Partner = self.env["res.partner"]
        due = Partner.search(Partner._cs_committed_domain() & Domain("create_date", "<", stop)
                             & Domain("cs_sla_statement_ids", "not any", [("month", "=", month)]))

        def after():
            self.env.cr.execute(
                "SELECT count(*), count(DISTINCT partner_id) FROM cs_sla_statement WHERE month = %s AND partner_id = ANY(%s)",
                [month, due.ids])
            made, distinct = self.env.cr.fetchone()
            return len(due), distinct, made - distinct, len(due) - distinct
        return after


CHECKS = {
    "ir_cron_update_lifecycle": "lifecycle",
    "ir_cron_check_sla": "sla",
    "ir_cron_check_health": "health",
    "ir_cron_schedule_reviews": "reviews",
    "ir_cron_send_service_reports": "service_reports",
    "ir_cron_send_nps_invitations": "nps",
    "ir_cron_update_voice_metrics": "voice_refresh",
    "ir_cron_monthly_review": "monthly_review",
    "ir_cron_recommend_levels": "agent_levels",
    "ir_cron_issue_sla_statements": "sla_statements",
}


def check_job(registry, xmlid, run):
    """Measure before, run, measure after; return the row of the report."""
    with registry.cursor() as cr:
        measure = getattr(Check(environment(registry, cr)), CHECKS[xmlid.split(".")[1]])()
        cr.rollback()
        failures = run()
        cr.rollback()  # a fresh snapshot
        environment(registry, cr).invalidate_all()
        expected, found, duplicates, left = measure()
    return expected, found, duplicates, left, failures


# ----------------------------------------------------------------------
# Phases
# ----------------------------------------------------------------------

def two_workers(database, xmlid):
    start_at = time.time() + 8  # both registries loaded by then
    workers = [spawn(database, xmlid, start_at) for _index in range(2)]
    return [failure for worker in workers for failure in collect(worker, xmlid)]


KILLED = {}  # xmlid: whether the worker was still running when killed


def killed_then_rerun(database, xmlid, kill_after):
    worker = spawn(database, xmlid, time.time() + 6)
    for line in worker.stdout:
        if line.startswith("STARTED"):
            break
    time.sleep(kill_after)
    KILLED[xmlid] = worker.poll() is None
    if KILLED[xmlid]:
        os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    return collect(spawn(database, xmlid, time.time() + 6))


def report(title, rows):
    print(f"\n== {title}")
    print(f"{'job':32} {'expected':>9} {'found':>7} {'duplicates':>11} {'left-over':>10} {'errors':>7}"
          + ("  killed mid-run" if KILLED else "  processed by worker 1 / 2"))
    for xmlid, (expected, found, duplicates, left, failures) in rows.items():
        killed = (("  yes" if KILLED.get(xmlid) else "  no (done before)") if KILLED
                  else "  " + " / ".join(str(count) for count in SPLIT.get(xmlid, [])))
        print(f"{xmlid.split('.')[1]:32} {expected:9} {found:7} {duplicates:11} {left:10} {len(failures):7}{killed}")
    for xmlid, row in rows.items():
        for failure in row[4]:
            print(f"-- {xmlid} failed:\n{failure}")
    return all(not (row[2] or row[3] or row[4]) and row[0] == row[1] for row in rows.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("template")
    parser.add_argument("--db")
    parser.add_argument("--accounts", type=int, default=1500)
    parser.add_argument("--tickets", type=int, default=1500)
    parser.add_argument("--reuse", action="store_true", help="reuse the generated data of the last run")
    parser.add_argument("--worker")
    parser.add_argument("--start-at", type=float)
    args = parser.parse_args()
    if args.worker:
        return worker_main(args.db, args.worker, args.start_at)

    database = args.db or f"{args.template}_concurrency"
    killed = f"{database}_kill"
    if args.template in (database, killed, f"{database}_seed"):
        sys.exit("the throwaway database must not be the template")
    started = time.monotonic()
    seed = f"{database}_seed"
    from odoo.sql_db import close_db

    if not args.reuse:
        print(f"copying {args.template} to {seed}, updating {MODULE}…", flush=True)
        copy_database(args.template, seed)
        update_addon(seed)
        print(f"generating {args.accounts} accounts and {args.tickets} tickets…", flush=True)
        generate(registry_of(seed), args.accounts, args.tickets)
        close_db(seed)
    copy_database(seed, database)
    copy_database(seed, killed)
    jobs = [xmlid for xmlid in cron_jobs() if xmlid.split(".")[1] in CHECKS]
    missing = [xmlid for xmlid in cron_jobs() if xmlid.split(".")[1] not in CHECKS]
    if missing:
        sys.exit(f"no check for {missing}")

    durations, rows = {}, {}
    registry = registry_of(database)
    if html_reports_without_wkhtmltopdf(registry):
        print("(wkhtmltopdf is not installed: reports are rendered as HTML, as in Odoo's tests)")
    for xmlid in jobs:
        began = time.monotonic()
        rows[xmlid] = check_job(registry, xmlid, lambda xmlid=xmlid: two_workers(database, xmlid))
        durations[xmlid] = time.monotonic() - began - 8
    ok = report("two workers released at the same instant", rows)
    close_db(database)

    rows = {}
    registry = registry_of(killed)
    for xmlid in jobs:
        kill_after = max(durations[xmlid] / 2, 0.02)
        rows[xmlid] = check_job(registry, xmlid, lambda xmlid=xmlid, k=kill_after: killed_then_rerun(killed, xmlid, k))
    ok = report("one worker killed half-way (SIGKILL), then run again", rows) and ok
    close_db(killed)
    print(f"\n{'OK' if ok else 'FAILED'} in {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
