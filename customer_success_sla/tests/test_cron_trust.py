"""Scheduled jobs with several workers, a time limit and odd configurations.

Another worker is played by holding rows in the lock helper (the rows it
would have locked) or by a row changed since the snapshot (a serialization
failure at lock time); the scheduler by recording what the job reports
through ``ir.cron._commit_progress``, with its semantics, and by ending the
job's time after a number of batches. ``tools/concurrency_check.py`` runs the
jobs for real in two processes and after a SIGKILL.
"""

import json
from collections.abc import Collection
from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from psycopg2 import errors

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.models import BaseModel
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import SQL

from .common import CustomerSuccessCase
from .sla_common import SlaCase

_try_lock = BaseModel.try_lock_for_update


class Scheduler:
    """What a job tells the scheduler: the remaining count kept as Odoo 19
    keeps it (set, or decreased by the processed count)."""

    def __init__(self, batches_in_time=None):
        self.remaining = 0
        self.batches = 0
        self.batches_in_time = batches_in_time

    def commit_progress(self, cron, processed=0, *, remaining=None, deactivate=False):
        cron.env.cr.flush()
        self.remaining = max(self.remaining - processed, 0) if remaining is None else remaining
        if processed:
            self.batches += 1
        if self.batches_in_time is not None and self.batches >= self.batches_in_time:
            return 0.0
        return float("inf")


class CronCase:
    """Helpers shared by the SLA and the account cases."""

    def _run(self, model, method, batches_in_time=None, **kwargs):
        scheduler = Scheduler(batches_in_time)

        def commit_progress(cron, processed=0, **values):
            return scheduler.commit_progress(cron, processed, **values)

        with patch.object(self.env.cr, "commit", self.env.cr.flush), \
                patch.object(type(self.env["ir.cron"]), "_commit_progress", commit_progress):
            getattr(self.env[model], method)(**kwargs)
        return scheduler

    @contextmanager
    def _held_by_another_worker(self, records, calls=None):
        """``records`` are locked by another transaction: a skip-locked
        lock leaves them out. ``calls`` receives the model of each lock."""
        held = {(record._name, record.id) for record in records}

        def try_lock_for_update(recordset, **kwargs):
            if calls is not None and recordset:
                calls.append(recordset._name)
            locked = _try_lock(recordset, **kwargs)
            return locked.browse([id_ for id_ in locked._ids if (recordset._name, id_) not in held])

        with patch.object(BaseModel, "try_lock_for_update", try_lock_for_update):
            yield

    @contextmanager
    def _committed_meanwhile(self, model):
        """Another worker commits a change to rows of ``model`` between this
        job's search and its lock, once: PostgreSQL refuses the lock."""
        state = {"raised": False}

        def try_lock_for_update(recordset, **kwargs):
            if recordset._name == model and not state["raised"]:
                state["raised"] = True
                raise errors.SerializationFailure("could not serialize access due to concurrent update")
            return _try_lock(recordset, **kwargs)

        with patch.object(BaseModel, "try_lock_for_update", try_lock_for_update):
            yield state


@tagged("post_install", "-at_install")
class TestCronTrustSla(CronCase, SlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_a = cls.env["helpdesk.ticket.team"].create({"name": "Front desk"})
        cls.team_b = cls.env["helpdesk.ticket.team"].create({"name": "Back office"})
        cls.team_c = cls.env["helpdesk.ticket.team"].create({"name": "Elsewhere"})
        cls.resolution_be = cls.policy_be.target_ids.filtered(lambda t: t.kind == "resolution")
        cls.env["cs.sla.escalation"].create([
            {"target_id": cls.resolution_be.id, "trigger": "breach", "to_support_level": "l2"},
            {"target_id": cls.resolution_be.id, "trigger": "warning", "raise_priority": True},
        ])

    def _breached_tickets(self, count):
        with freeze_time("2026-03-30 07:00:00"):  # Mon 09:00 in Brussels: 1 h / 4 h targets
            return self.env["helpdesk.ticket"].union(*(self._ticket(self.contact_be) for _i in range(count)))

    def _due_left(self, now):
        Clock, Run = self.env["cs.ticket.sla"], self.env["cs.ticket.sla.escalation"]
        clocks = Clock.search_count(Clock._cs_due_domain(now))
        runs = Run.search_count([("state", "=", "pending"), ("due_date", "<=", now),
                                 ("clock_status", "in", ["running", "breached"])])
        return clocks + runs

    # -- finding 8: escalation cycles ----------------------------------------

    def _ping_pong_policies(self):
        """Policy X (team A) moves at-risk tickets to team B; policy Y
        (team C for now) moves its at-risk tickets to team A."""
        self.policy_be.team_ids = self.team_a
        policy_y = self._policy("Back office", self.tier_be, sequence=20, first_response=1, resolution=4)
        policy_y.team_ids = self.team_c
        self.env["cs.sla.escalation"].create(
            {"target_id": self.resolution_be.id, "trigger": "warning", "team_id": self.team_b.id})
        resolution_y = policy_y.target_ids.filtered(lambda t: t.kind == "resolution")
        self.env["cs.sla.escalation"].create(
            {"target_id": resolution_y.id, "trigger": "warning", "team_id": self.team_a.id})
        return policy_y

    @contextmanager
    def _bounded_escalations(self):
        Escalation = type(self.env["cs.sla.escalation"])
        apply_ = Escalation._cs_apply
        calls = []

        def bounded_apply(rule, tickets, *args, **kwargs):
            calls.append(rule)
            if len(calls) > 20:
                raise AssertionError("the sweep does not end: escalations run again and again")
            return apply_(rule, tickets, *args, **kwargs)

        with patch.object(Escalation, "_cs_apply", bounded_apply):
            yield calls

    def test_escalation_team_ping_pong_is_refused(self):
        policy_y = self._ping_pong_policies()
        resolution_y = policy_y.target_ids.filtered(lambda t: t.kind == "resolution")
        rule_y = resolution_y.escalation_ids.filtered("team_id")
        rule_y.team_id = self.team_c  # no way back to team A for now
        policy_y.team_ids = self.team_b
        with self.assertRaises(ValidationError):
            self.env["cs.sla.escalation"].create(
                {"target_id": resolution_y.id, "trigger": "breach", "team_id": self.team_a.id})
        with self.assertRaises(ValidationError):
            rule_y.team_id = self.team_a

    def _stored_unchecked(self, policy, teams):
        """``policy`` covers ``teams``, as saved before policies were checked
        for cycles (a database from an earlier version)."""
        field = policy._fields["team_ids"]
        self.env.cr.execute(f'DELETE FROM "{field.relation}" WHERE "{field.column1}" = %s', [policy.id])
        self.env.cr.executemany(f'INSERT INTO "{field.relation}" ("{field.column1}", "{field.column2}") '
                                "VALUES (%s, %s)", [(policy.id, team.id) for team in teams])
        self.env.invalidate_all()

    def test_policy_edits_that_close_a_team_cycle_are_refused(self):
        policy_y = self._ping_pong_policies()
        with self.assertRaises(ValidationError):
            policy_y.team_ids = self.team_b  # the cycle would appear through the policy, not the rules
        policy_y.sequence = 5  # what does not close a cycle is saved
        policy_y.active = False
        policy_y.team_ids = self.team_b
        with self.assertRaises(ValidationError):
            policy_y.active = True

    def test_a_rule_whose_move_changes_is_reported_again(self):
        policy_y = self._ping_pong_policies()
        rule = self.env["cs.sla.escalation"].search([("policy_id", "=", policy_y.id), ("team_id", "!=", False)])
        rule.cycle_reported = True
        rule.team_id = self.team_c
        self.assertFalse(rule.cycle_reported, "a cycle that comes back is reported again")
        rule.cycle_reported = True
        policy_y.team_ids = self.team_a
        self.assertFalse(rule.cycle_reported, "the policy's teams changed")

    def test_ping_pong_configured_later_ends_and_is_reported_once(self):
        policy_y = self._ping_pong_policies()
        # the cycle appears through the policy, not the rules, saved before policies were checked
        self._stored_unchecked(policy_y, self.team_b)
        with freeze_time("2026-03-30 07:00:00"):  # Mon 09:00 in Brussels, warning at 11:00
            ticket = self._ticket(self.contact_be, team_id=self.team_a.id)
        self.assertEqual(ticket.cs_sla_policy_id, self.policy_be)
        with self._bounded_escalations():
            for hour in (9, 10, 11, 12):
                with freeze_time(f"2026-03-30 {hour:02}:00:00"):
                    self._sweep()
        self.assertEqual(ticket.team_id, self.team_b, "moved once, never back")
        self.assertEqual(ticket.cs_sla_policy_id, policy_y)
        refusals = ticket.message_ids.filtered(lambda m: "did not move the ticket back" in (m.body or ""))
        self.assertEqual(len(refusals), 1)
        reports = policy_y.message_ids.filtered(lambda m: "back and forth" in (m.body or ""))
        self.assertEqual(len(reports), 1, "the administrators are told once")
        self.assertIn(self.env.ref("base.user_admin").partner_id, reports.partner_ids)

    def test_clocks_opened_by_an_escalation_wait_for_the_next_sweep(self):
        policy_y = self._ping_pong_policies()
        self._stored_unchecked(policy_y, self.team_b)
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be, team_id=self.team_a.id)
        with self._bounded_escalations(), freeze_time("2026-03-30 09:00:00"):
            scheduler = self._run("cs.ticket.sla", "_cron_check_sla")
        self.assertEqual(ticket.team_id, self.team_b)
        new_clocks = ticket.cs_sla_ids.filtered(lambda c: c.policy_id == policy_y)
        self.assertTrue(new_clocks)
        self.assertFalse(any(new_clocks.mapped("warning")), "not flagged in the sweep that opened them")
        self.assertEqual(set(new_clocks.escalation_run_ids.mapped("state")), {"pending"})
        self.assertEqual(scheduler.remaining, 0)

    # -- finding 18: two sweeps ----------------------------------------------

    def test_sweep_locks_tickets_then_clocks_then_runs_and_skips_held_tickets(self):
        first, *others = self._breached_tickets(3)
        calls = []
        with freeze_time("2026-03-30 13:00:00"), self._held_by_another_worker(first, calls):
            scheduler = self._run("cs.ticket.sla", "_cron_check_sla", batch_size=1)
            left = self._due_left(fields.Datetime.now())
        # one order for every batch: tickets, then clocks, then runs
        self.assertEqual(calls[0], "helpdesk.ticket")
        self.assertIn("cs.ticket.sla.escalation", calls)
        for previous, model in zip(calls, calls[1:]):
            if model == "cs.ticket.sla":
                self.assertEqual(previous, "helpdesk.ticket")
            if model == "cs.ticket.sla.escalation":
                self.assertEqual(previous, "cs.ticket.sla")
        for ticket in others:
            self.assertEqual(set(ticket.cs_sla_ids.mapped("status")), {"breached"})
            self.assertEqual(ticket.cs_support_level, "l2")
        self.assertEqual(set(first.cs_sla_ids.mapped("status")), {"running"}, "held by the other worker")
        self.assertTrue(left)
        self.assertEqual(scheduler.remaining, left, "what the other worker holds is still to do")

    def test_sweep_rereads_after_a_concurrent_commit(self):
        tickets = self._breached_tickets(2)
        with freeze_time("2026-03-30 13:00:00"), self._committed_meanwhile("cs.ticket.sla") as state:
            scheduler = self._run("cs.ticket.sla", "_cron_check_sla", batch_size=1)
        self.assertTrue(state["raised"])
        self.assertEqual(set(tickets.cs_sla_ids.mapped("status")), {"breached"})
        self.assertEqual(scheduler.remaining, 0)

    # -- finding 20: remaining work ------------------------------------------

    def test_sweep_reports_the_work_left_when_its_time_is_up(self):
        tickets = self._breached_tickets(3)
        with freeze_time("2026-03-30 13:00:00"):
            scheduler = self._run("cs.ticket.sla", "_cron_check_sla", batches_in_time=4, batch_size=1)
            left = self._due_left(fields.Datetime.now())
            self.assertTrue(left, "escalations are left")
            self.assertEqual(scheduler.remaining, left)
            # the scheduler calls it again until done
            while scheduler.remaining:
                scheduler = self._run("cs.ticket.sla", "_cron_check_sla", batches_in_time=4, batch_size=1)
            self.assertEqual(self._due_left(fields.Datetime.now()), 0)
        self.assertEqual(set(tickets.mapped("cs_support_level")), {"l2"})

    # -- finding 21: the monthly review --------------------------------------

    def test_monthly_review_is_made_and_mailed_once_per_month(self):
        next_month = date.today().replace(day=1) + relativedelta(months=1)
        with freeze_time(next_month):
            self._run("cs.kpi.dashboard", "_cron_send_monthly_review")
            self._run("cs.kpi.dashboard", "_cron_send_monthly_review")
        mails = self.env["mail.mail"].search([("subject", "like", "Service review")])
        self.assertEqual(len(mails), 1)
        self.assertEqual(len(mails.attachment_ids), 1)


@tagged("post_install", "-at_install")
class TestCronTrustAccounts(CronCase, CustomerSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("customer_success_sla.survey_nps")

    def _onboarding_accounts(self, count):
        return self.Partner.create([
            {"name": f"Onboarding {index}", "is_company": True, "cs_tier_id": self.tier_standard.id,
             "cs_lifecycle_stage": "onboarding", "cs_go_live_date": "2026-01-01"} for index in range(count)])

    def _nps_due_accounts(self, count):
        accounts = self.Partner.create([
            {"name": f"Voice {index}", "is_company": True, "cs_tier_id": self.tier_core.id,
             "cs_lifecycle_stage": "adoption", "cs_go_live_date": "2025-12-01",
             "email": f"boss{index}@voice.example.com"} for index in range(count)])
        self.Partner.create([
            {"name": f"Main {account.name}", "parent_id": account.id, "cs_admin_contact": True,
             "email": f"main{account.id}@voice.example.com"} for account in accounts])
        return accounts

    # -- finding 19: a second worker skips, never crashes -----------------------

    def test_lifecycle_skips_accounts_another_worker_holds(self):
        held, free = self._onboarding_accounts(2)
        with freeze_time("2026-03-01"), self._held_by_another_worker(held):
            scheduler = self._run("res.partner", "_cron_update_lifecycle", batch_size=1)
        self.assertEqual(free.cs_lifecycle_stage, "adoption")
        self.assertEqual(held.cs_lifecycle_stage, "onboarding", "the other worker moves it")
        self.assertEqual(scheduler.remaining, 1)

    def test_lifecycle_locks_the_contacts_it_writes_too(self):
        account = self._onboarding_accounts(1)
        contact = self.Partner.create({"name": "Olga", "parent_id": account.id})
        with freeze_time("2026-03-01"), self._held_by_another_worker(contact):
            self._run("res.partner", "_cron_update_lifecycle")
        self.assertEqual(contact.cs_lifecycle_stage, "onboarding", "nothing written to a held contact")

    def test_nps_job_reads_again_after_a_concurrent_commit(self):
        accounts = self._nps_due_accounts(2)
        with freeze_time("2026-01-06"), self._committed_meanwhile("res.partner") as state:
            scheduler = self._run("res.partner", "_cron_send_nps_invitations", batch_size=1)
        self.assertTrue(state["raised"])
        answers = self.env["survey.user_input"].search([("cs_account_id", "in", accounts.ids)])
        self.assertEqual(answers.cs_account_id, accounts)
        self.assertEqual(scheduler.remaining, 0)

    # -- finding 20: remaining work and resuming --------------------------------

    def test_nps_job_reports_the_accounts_left_when_its_time_is_up(self):
        accounts = self._nps_due_accounts(3)
        with freeze_time("2026-01-06"):
            scheduler = self._run("res.partner", "_cron_send_nps_invitations", batches_in_time=1, batch_size=1)
            invited = self.env["survey.user_input"].search([("cs_account_id", "in", accounts.ids)]).cs_account_id
            self.assertTrue(accounts - invited)
            self.assertGreaterEqual(scheduler.remaining, len(accounts - invited), "due accounts are left")
            while scheduler.remaining:
                scheduler = self._run("res.partner", "_cron_send_nps_invitations", batches_in_time=1)
        invited = self.env["survey.user_input"].search([("cs_account_id", "in", accounts.ids)]).cs_account_id
        self.assertEqual(invited, accounts)

    def test_voice_refresh_resumes_where_it_stopped(self):
        accounts = self.Partner.create([
            {"name": f"Rated {index}", "is_company": True, "cs_csat_avg": 4.0} for index in range(3)])
        Partner = type(self.env["res.partner"])
        update = Partner._cs_update_voice_metrics
        runs = []

        def recording_update(records):
            runs[-1].extend(records.ids)
            return update(records)

        with patch.object(Partner, "_cs_update_voice_metrics", recording_update):
            for _run in range(2):
                runs.append([])
                scheduler = self._run("res.partner", "_cron_update_voice_metrics", batches_in_time=1,
                                      batch_size=1)
                self.assertTrue(scheduler.remaining)
        self.assertTrue(runs[0] and runs[1])
        self.assertFalse(set(runs[0]) & set(runs[1]), "the second run goes on after the first")
        while scheduler.remaining:
            scheduler = self._run("res.partner", "_cron_update_voice_metrics", batches_in_time=1)
        self.assertEqual(set(accounts.mapped("cs_voice_refresh_date")), {fields.Date.context_today(accounts)})

    def test_account_job_filters_are_indexed(self):
        """The daily jobs' filters on accounts can be read from an index, not
        only by scanning every contact (sequential scans are priced out so
        that the small test table does not decide)."""
        today = fields.Date.context_today(self.Partner)
        self._nps_due_accounts(1)
        self.env.flush_all()
        # fresh statistics: stale ones (a database of many earlier tests) may
        # price another account index cheaper than the job's own
        self.env.cr.execute("ANALYZE res_partner")
        for name, domain, column in (
            ("voice refresh", self.Partner._cs_voice_refresh_domain(today), "cs_voice_refresh_date"),
            ("NPS invitations", self.Partner._cs_invitation_candidates_domain(today), "cs_nps_last_invite_date"),
        ):
            query = self.Partner._search(domain)
            self.env.cr.execute("SET LOCAL enable_seqscan = off")
            self.env.cr.execute(SQL("EXPLAIN (FORMAT JSON) %s", query.select()))
            plan = json.dumps(self.env.cr.fetchone()[0])
            self.env.cr.execute("SET LOCAL enable_seqscan = on")
            self.env.cr.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'res_partner'")
            used = {index: definition for index, definition in self.env.cr.fetchall()
                    if f'"Index Name": "{index}"' in plan}
            with self.subTest(job=name):
                self.assertTrue([index for index, definition in used.items() if column in definition],
                                f"{name}: {plan}")

    def test_later_batches_read_a_domain_of_constant_size(self):
        """Batches page by their sort key: the domain of a later batch does
        not list the records already processed (quadratic over a long run)."""
        accounts = self.Partner.create([
            {"name": f"Keyset {index}", "is_company": True, "cs_csat_avg": 4.0} for index in range(6)])
        held = accounts[2]
        Partner = type(self.env["res.partner"])
        search = Partner.search
        sizes = []

        def size(domain):
            return sum(len(c.value) if isinstance(c.value, Collection) and not isinstance(c.value, str) else 1
                       for c in Domain(domain).iter_conditions())

        def recording_search(records, domain, *args, **kwargs):
            if kwargs.get("limit") == 1:
                sizes.append(size(domain))  # when read: a job may change its lists later
            return search(records, domain, *args, **kwargs)

        def process(batch):
            return batch - held

        scheduler = Scheduler()
        with patch.object(self.env.cr, "commit", self.env.cr.flush), \
                patch.object(type(self.env["ir.cron"]), "_commit_progress",
                             lambda cron, processed=0, **values: scheduler.commit_progress(cron, processed, **values)), \
                patch.object(Partner, "search", recording_search):
            left = self.env["cs.cron.batch"]._cs_process(
                self.Partner, Domain("id", "in", accounts.ids), process, batch_size=1)
        self.assertEqual(left, 1, "the held account is still to do")
        self.assertEqual(len(sizes), len(accounts) + 1)
        self.assertEqual(len(set(sizes[1:])), 1,
                         f"later batches read the same domain size: {sizes}")

    def test_health_job_reports_the_accounts_another_worker_holds(self):
        tier = self.tier_standard
        held, free = self.Partner.create([
            {"name": f"Health {index}", "is_company": True, "cs_tier_id": tier.id,
             "cs_lifecycle_stage": "adoption", "cs_csat_avg": 4.0} for index in range(2)])
        with freeze_time("2026-06-01"), self._held_by_another_worker(held):
            scheduler = self._run("res.partner", "_cron_check_health")
            left = self.Partner.search_count(self.Partner._cs_health_due_domain(date(2026, 6, 1)))
        self.assertTrue(free.cs_health_check_date)
        self.assertFalse(held.cs_health_check_date)
        self.assertEqual(scheduler.remaining, left)
        self.assertGreaterEqual(scheduler.remaining, 1)


@tagged("post_install", "-at_install")
class TestCronTrustRouting(CustomerSuccessCase):
    def test_intake_never_writes_the_team_row(self):
        self.env["cs.sla.policy"].search([]).active = False
        self.env.company.helpdesk_mgmt_ticket_auto_assign = False
        agents = [new_test_user(self.env, login=f"cs_rr_{index}", groups="customer_success_sla.group_cs_agent")
                  for index in range(3)]
        team = self.env["helpdesk.ticket.team"].create({
            "name": "Round robin", "cs_assignment_method": "round_robin",
            "user_ids": [Command.set([agent.id for agent in agents])]})
        customer = self._company("Intake Co", cs_tier_id=self.tier_standard.id)
        Team = type(self.env["helpdesk.ticket.team"])
        write = Team.write

        def guarded_write(teams, vals):
            if teams & team:
                raise AssertionError(f"intake wrote the team row: {vals}")
            return write(teams, vals)

        with patch.object(Team, "write", guarded_write):
            picks = [self._ticket(customer, team_id=team.id).user_id for _index in range(4)]
        self.assertEqual(len(set(picks[:3])), 3, "each agent in turn")
        self.assertEqual(picks[3], picks[0])
        self.assertEqual(team.cs_last_assigned_user_id, picks[3])

    def test_portal_users_cannot_read_the_last_assigned_agent(self):
        """The round-robin pointer is read across all the team's tickets,
        whatever record rules say: not for portal users (call_kw read)."""
        team = self.env["helpdesk.ticket.team"].create({"name": "Portal desk", "show_in_portal": True})
        customer = self._company("Pointer Co", cs_tier_id=self.tier_standard.id)
        contact = self.Partner.create({"name": "Pia", "parent_id": customer.id, "email": "pia@pointer.example.com"})
        portal = new_test_user(self.env, login="cs_pointer_portal", groups="base.group_portal",
                               partner_id=contact.id)
        self.assertEqual(team.with_user(portal).read(["name"])[0]["name"], "Portal desk")
        with self.assertRaises(AccessError):
            team.with_user(portal).read(["cs_last_assigned_user_id"])
