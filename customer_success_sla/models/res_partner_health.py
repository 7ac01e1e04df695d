from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_date

from ..engine import health
from ..engine.sla_levels import CUSTOMER_KINDS
from .cs_health_check import TREND_SELECTION
from .res_partner import HEALTH_COLORS, LIFECYCLE_SELECTION

# helpdesk_mgmt's "Very High": what the priority matrix gives a company-wide, urgent problem
URGENT_PRIORITIES = ("3",)
CHART_CHECKS = 24


class ResPartner(models.Model):
    """Account health: the checks of an account, the signals they read
    (tickets, SLA, voice, CSM touches, product usage), the scheduled check
    and the at-risk episode that a falling score opens."""

    _inherit = "res.partner"

    cs_health_check_ids = fields.One2many("cs.health.check", "partner_id", string="Health Checks",
                                          groups="base.group_user")
    cs_usage_snapshot_ids = fields.One2many("cs.usage.snapshot", "partner_id", string="Product Usage",
                                            groups="base.group_user")
    cs_health_check_date = fields.Date(string="Last Health Check", readonly=True, copy=False,
                                       groups="base.group_user")
    cs_health_trend = fields.Integer(
        string="Health Change", readonly=True, copy=False, help="Points gained or lost at the last check.",
        groups="base.group_user")
    cs_health_trend_direction = fields.Selection(TREND_SELECTION, string="Health Trend", readonly=True, copy=False,
                                                 groups="base.group_user")
    cs_health_color = fields.Integer(string="Health Colour", compute="_compute_cs_health_color",
                                     groups="base.group_user")
    cs_health_chart = fields.Html(string="Score History", compute="_compute_cs_health_chart", sanitize=False,
                                  groups="base.group_user")
    cs_risk_episode = fields.Boolean(
        string="At-Risk Episode", readonly=True, copy=False,
        help="Open from the check that turned red (or dropped sharply) until two consecutive green checks.",
        groups="base.group_user")
    cs_risk_episode_date = fields.Date(string="At Risk Since", readonly=True, copy=False,
                                       groups="base.group_user")
    cs_pre_risk_stage = fields.Selection(
        LIFECYCLE_SELECTION, string="Stage Before the Episode", readonly=True, copy=False,
        help="Restored when the at-risk episode ends.", groups="base.group_user")

    @api.depends("cs_health_status")
    def _compute_cs_health_color(self):
        for partner in self:
            partner.cs_health_color = HEALTH_COLORS.get(partner.cs_health_status, 0)

    @api.depends("cs_health_check_ids.score", "cs_health_check_ids.date")
    def _compute_cs_health_chart(self):
        accounts = self.filtered("id")
        checks = defaultdict(list)
        if accounts:
            for check in self.env["cs.health.check"].sudo().search_fetch(
                    [("partner_id", "in", accounts.commercial_partner_id.ids)],
                    ["partner_id", "date", "score", "status"], order="date desc"):
                checks[check.partner_id.id].append(check)
        for partner in self:
            history = checks.get(partner.commercial_partner_id.id, [])[:CHART_CHECKS][::-1]
            partner.cs_health_chart = self._cs_render_chart(history, partner.commercial_partner_id) if history else False

    @api.model
    def _cs_render_chart(self, checks, account):
        """An inline SVG line chart of the scores, on the profile's bands."""
        profile = account.cs_tier_id._cs_health_profile()
        red, yellow = (profile.red_threshold, profile.yellow_threshold) if profile else (40, 70)
        width, height, left, top, bottom = 640, 200, 34, 10, 24
        plot_w, plot_h = width - left - 10, height - top - bottom

        def y(score):
            return top + plot_h * (100 - score) / 100

        step = plot_w / max(1, len(checks) - 1)
        points = [(left + (index * step if len(checks) > 1 else plot_w / 2), y(c.score)) for index, c in enumerate(checks)]
        colors = {"green": "#28a745", "yellow": "#e0a800", "red": "#dc3545"}
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
            f'style="max-width:{width}px" class="o_cs_health_chart" role="img">',
            f'<rect x="{left}" y="{y(100):.1f}" width="{plot_w}" height="{y(yellow) - y(100):.1f}" fill="#28a745" fill-opacity="0.08"/>',
            f'<rect x="{left}" y="{y(yellow):.1f}" width="{plot_w}" height="{y(red) - y(yellow):.1f}" fill="#e0a800" fill-opacity="0.10"/>',
            f'<rect x="{left}" y="{y(red):.1f}" width="{plot_w}" height="{y(0) - y(red):.1f}" fill="#dc3545" fill-opacity="0.08"/>',
        ]
        for value in (0, red, yellow, 100):
            parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end" fill="#6c757d">{value}</text>')
        parts.append('<polyline fill="none" stroke="#4c6ef5" stroke-width="2.5" points="%s"/>'
                     % " ".join(f"{px:.1f},{py:.1f}" for px, py in points))
        for (px, py), check in zip(points, checks):
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" fill="{colors.get(check.status, "#6c757d")}">'
                         f'<title>{escape(str(check.date))}: {check.score}</title></circle>')
        for index, ((px, _py), check) in enumerate(zip(points, checks)):
            if index in (0, len(checks) - 1) or len(checks) <= 8:
                anchor = ("start" if index == 0 and len(checks) > 1 else
                          "end" if index == len(checks) - 1 and len(checks) > 1 else "middle")
                parts.append(f'<text x="{px:.1f}" y="{height - 6}" font-size="11" text-anchor="{anchor}" '
                             f'fill="#6c757d">{escape(fields.Date.to_string(check.date))}</text>')
        parts.append("</svg>")
        return Markup("".join(parts))

    # ------------------------------------------------------------------
    # Signals
    # ------------------------------------------------------------------

    def _cs_health_signals(self, today, key_features):
        """{account id: {signal: raw value or None}} for the accounts in
        ``self``, in five queries whatever their number.

        ``key_features``: {account id: key features of its product}.
        """
        self.env.flush_all()
        ids = list(self.ids)
        cr = self.env.cr
        now = fields.Datetime.now()
        since_90 = now - timedelta(days=health.TICKET_BASELINE_DAYS)
        since_30 = now - timedelta(days=health.TICKET_RECENT_DAYS)
        cr.execute(SQL(
            """
            SELECT t.commercial_partner_id,
                   COUNT(*),
                   COUNT(*) FILTER (WHERE t.create_date >= %(since_90)s),
                   COUNT(*) FILTER (WHERE t.create_date >= %(since_30)s),
                   COUNT(*) FILTER (WHERE t.priority IN %(urgent)s AND NOT COALESCE(stage.closed, FALSE)),
                   COUNT(*) FILTER (WHERE t.create_date >= %(since_90)s AND t.cs_reopen_count > 0),
                   COUNT(DISTINCT problem.id) FILTER (WHERE problem.is_major),
                   COUNT(DISTINCT problem.id) FILTER (WHERE NOT COALESCE(problem.is_major, FALSE))
              FROM helpdesk_ticket t
              LEFT JOIN helpdesk_ticket_stage stage ON stage.id = t.stage_id
              -- the problems open during the incident window (a ticket has one problem: no extra rows)
              LEFT JOIN cs_problem problem ON problem.id = t.cs_problem_id
                   AND (problem.state != 'resolved' OR problem.resolved_date >= %(since_incidents)s)
             WHERE t.commercial_partner_id = ANY(%(ids)s) AND t.active
          GROUP BY t.commercial_partner_id
            """,
            ids=ids, since_90=since_90, since_30=since_30, urgent=URGENT_PRIORITIES,
            since_incidents=now - timedelta(days=health.INCIDENT_DAYS),
        ))
        tickets, incidents = {}, {}
        for row in cr.fetchall():
            tickets[row[0]] = dict(zip(("tickets_all", "tickets_90", "tickets_30", "open_urgent", "reopened_90"),
                                       row[1:6]))
            incidents[row[0]] = {"tickets_all": row[1], "major_problems": row[6], "other_problems": row[7]}
        cr.execute(SQL(
            """
            SELECT t.commercial_partner_id, COUNT(*), COUNT(*) FILTER (WHERE clock.status = 'breached')
              FROM cs_ticket_sla clock
              JOIN helpdesk_ticket t ON t.id = clock.ticket_id
             WHERE t.commercial_partner_id = ANY(%(ids)s) AND t.active
               AND clock.deadline >= %(since_30)s AND clock.deadline <= %(now)s
               AND clock.kind = ANY(%(kinds)s)
          GROUP BY t.commercial_partner_id
            """,
            ids=ids, since_30=since_30, now=now, kinds=list(CUSTOMER_KINDS),
        ))
        for partner_id, due, breached in cr.fetchall():
            tickets.setdefault(partner_id, {}).update(sla_due_30=due, sla_breached_30=breached)
        # A touch: a message, an email or a done activity of the CSM on the account.
        cr.execute(SQL(
            """
            SELECT account.id, MAX(message.date)
              FROM res_partner account
              JOIN res_users csm ON csm.id = account.cs_csm_user_id
              JOIN mail_message message ON message.model = 'res.partner' AND message.res_id = account.id
                   AND message.author_id = csm.partner_id
             WHERE account.id = ANY(%(ids)s)
               AND (message.message_type IN ('comment', 'email') OR message.mail_activity_type_id IS NOT NULL)
          GROUP BY account.id
            """,
            ids=ids,
        ))
        touches = {partner_id: touched.date() for partner_id, touched in cr.fetchall()}
        snapshots = defaultdict(list)
        for snapshot in self.env["cs.usage.snapshot"].sudo().search_fetch(
                [("partner_id", "in", ids), ("date", ">", today - timedelta(days=health.USAGE_WINDOW_DAYS)),
                 ("date", "<=", today)],
                ["partner_id", "date", "active_users", "licensed_seats", "logins", "features_used"]):
            snapshots[snapshot.partner_id.id].append(health.Snapshot(
                snapshot.date, snapshot.active_users, snapshot.licensed_seats, snapshot.logins,
                snapshot.features_used))
        signals = {}
        for account in self:
            raws = health.ticket_signals(**tickets.get(account.id, {}))
            raws["incidents"] = health.incident_signal(**incidents.get(account.id, {}))
            raws.update(health.voice_signals(account.cs_csat_avg, account.cs_nps, account.cs_nps_count))
            raws["csm_touch"] = (health.touch_days(today, touches.get(account.id), account.cs_go_live_date)
                                 if account.cs_csm_user_id else None)
            raws.update(health.usage_signals(snapshots[account.id], today, key_features=key_features[account.id]))
            signals[account.id] = raws
        return signals

    def _cs_previous_checks(self, today):
        """{account id: (date, score, status)} of each account's last check before ``today``."""
        self.env["cs.health.check"].flush_model()
        self.env.cr.execute(SQL(
            """
            SELECT DISTINCT ON (partner_id) partner_id, date, score, status
              FROM cs_health_check
             WHERE partner_id = ANY(%(ids)s) AND date < %(today)s
          ORDER BY partner_id, date DESC
            """,
            ids=list(self.ids), today=today,
        ))
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    def _cs_compute_health(self):
        """Compute and record today's health check of the accounts in
        ``self`` (a contact counts as its account) and return the checks.

        A second run on the same day updates that day's check. An account
        without any signal with data gets no check (and no score), only the
        date of the attempt. Signals and checks are system data, read and
        written as superuser: callers are the cron and a CSM's button.
        """
        accounts = self.commercial_partner_id.sudo()
        Check = self.env["cs.health.check"].sudo()
        if not accounts:
            return Check
        today = fields.Date.context_today(self)
        profile_of = {account.id: account.cs_tier_id._cs_health_profile() for account in accounts}
        weights = {profile: profile._cs_weights() for profile in set(profile_of.values())}
        signals = accounts._cs_health_signals(
            today, {account_id: profile.key_feature_count for account_id, profile in profile_of.items()})
        todays = {check.partner_id.id: check
                  for check in Check.search([("partner_id", "in", accounts.ids), ("date", "=", today)])}
        previous = accounts._cs_previous_checks(today)
        labels = dict(self.env["cs.health.profile.line"]._fields["signal"]._description_selection(self.env))

        to_create, lines_by_account, checked = [], {}, {}
        for account in accounts:
            profile = profile_of[account.id]
            result = health.compute_score(signals[account.id], weights[profile])
            if result["score"] is None:
                continue
            score = result["score"]
            status = health.health_status(score, profile.red_threshold, profile.yellow_threshold)
            last = previous.get(account.id)
            change = health.trend(score, last[1] if last else None)
            vals = {
                "partner_id": account.id,
                "date": today,
                "score": score,
                "status": status,
                "csm_user_id": account.cs_csm_user_id.id,
                "tier_id": account.cs_tier_id.id,
                "profile_id": profile.id,
                "previous_score": last[1] if last else 0,
                "has_previous": bool(last),
                "score_change": change or 0,
                "missing_signal_count": len(result["missing"]),
                "note": self._cs_health_note(result["missing"], labels),
            }
            lines_by_account[account.id] = [{
                "sequence": index,
                "signal": line["signal"],
                "has_data": line["has_data"],
                "raw_value": line["raw"] if line["raw"] is not None else 0.0,
                "normalised": line["normalised"] or 0.0,
                "weight": line["weight"],
                "effective_weight": line["effective_weight"],
                "contribution": line["contribution"],
            } for index, line in enumerate(result["lines"])]
            checked[account.id] = (score, status, change, last, profile)
            if check := todays.get(account.id):
                # the same account and day: write what changed (relational writes cost a read each)
                check.write({key: value for key, value in vals.items()
                             if key not in ("partner_id", "date") and check._fields[key].convert_to_write(
                                 check[key], check) != value})
            else:
                to_create.append(vals)
        checks = Check.create(to_create) | Check.browse(
            [todays[account_id].id for account_id in checked if account_id in todays])
        checks.line_ids.unlink()
        self.env["cs.health.check.line"].sudo().create([
            {**line, "check_id": check.id} for check in checks for line in lines_by_account[check.partner_id.id]
        ])
        values = {}
        for account in accounts:
            values[account.id] = {"cs_health_check_date": today}
            if account.id in checked:
                score, status, change, _last, _profile = checked[account.id]
                values[account.id].update(cs_health_score=score, cs_health_status=status, cs_health_trend=change or 0,
                                          cs_health_trend_direction=health.trend_direction(change))
        accounts._cs_store_health(values)
        accounts._cs_run_risk_episodes(checked, today)
        return checks

    def _cs_store_health(self, values_by_account):
        """Store the health figures of a batch of accounts, and copy the
        commercial ones (score, status, stage) to their contacts, in two UPDATEs.

        ``res.partner.write`` costs a few queries per record (commercial
        sync, the users check), which batches of hundreds of accounts with
        as many different scores cannot afford. These fields are system
        data with no inverse or side effect beyond the commercial copy (an
        episode's stage change is logged on the chatter by its caller, in one
        go), so the ORM's own batched low-level write is enough; caches and
        dependent fields are then told, as ``write`` does.
        """
        Partner = self.env["res.partner"].sudo()
        Partner.flush_model()
        accounts = Partner.browse(list(values_by_account))
        contacts = Partner.with_context(active_test=False).search(
            [("commercial_partner_id", "in", accounts.ids), ("id", "not in", accounts.ids)])
        commercial = set(self._commercial_fields())
        copied = {account_id: {name: value for name, value in values.items() if name in commercial}
                  for account_id, values in values_by_account.items()}
        contacts = contacts.filtered(lambda contact: copied[contact.commercial_partner_id.id])
        records = accounts + contacts
        vals_list = ([values_by_account[account.id] for account in accounts]
                     + [copied[contact.commercial_partner_id.id] for contact in contacts])
        names = list({name for vals in vals_list for name in vals} | {"write_date", "write_uid"})
        records._write_multi(vals_list)
        records.invalidate_recordset(names, flush=False)
        records.modified(names)

    @api.model
    def _cs_health_note(self, missing, labels):
        if not missing:
            return False
        return self.env._(
            "Left out for lack of data, the weights of the other signals rescaled: %(signals)s.",
            signals=", ".join(labels.get(signal, signal) for signal in missing),
        )

    def action_cs_run_health_check(self):
        """Button: check the account now (updates today's check if any)."""
        if not self.env.user.has_group("customer_success_sla.group_cs_manager"):
            raise UserError(self.env._("Only customer success managers run health checks."))
        # the scheduled check skips locked accounts, and waits for nobody: holding
        # the rows keeps the two from creating the same account's check of the day
        self.commercial_partner_id.sudo().lock_for_update(allow_referencing=True)
        checks = self._cs_compute_health()
        missing = self.commercial_partner_id - checks.partner_id
        if missing:
            raise UserError(self.env._(
                "No health signal has data for %(accounts)s yet: no ticket, survey answer, CSM contact "
                "or usage report to score.", accounts=", ".join(missing.mapped("display_name"))))
        return True

    def action_cs_view_health_checks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_success_sla.action_cs_health_check")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        action["view_mode"] = "graph,list,form"
        action["views"] = [(False, "graph"), (False, "list"), (False, "form")]
        return action

    # ------------------------------------------------------------------
    # Scheduled checks
    # ------------------------------------------------------------------

    @api.model
    def _cs_health_due_domain(self, today):
        """Accounts (not churned) whose tier's check interval has elapsed."""
        per_tier = [
            Domain("cs_tier_id", "=", tier.id)
            & (Domain("cs_health_check_date", "=", False)
               | Domain("cs_health_check_date", "<=", today - timedelta(days=tier.health_check_interval_days)))
            for tier in self.env["cs.tier"].sudo().search([])
        ]
        return (self._cs_account_domain() & Domain("cs_lifecycle_stage", "!=", "churned")
                & Domain.OR(per_tier))

    @api.model
    def _cron_check_health(self, batch_size=500):
        """Check every account whose tier interval has elapsed, in batches
        that commit. A checked account carries today's date and no longer
        matches; rows another worker holds are skipped and what it already
        did is filtered out after the lock, so that each account gets at
        most one check a day however often this runs."""
        today = fields.Date.context_today(self)
        domain = self._cs_health_due_domain(today)
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=self.search_count(domain))
        intervals = {tier.id: tier.health_check_interval_days for tier in self.env["cs.tier"].sudo().search([])}

        def check(accounts):
            locked = self.env["cs.cron.batch"]._cs_lock_accounts(accounts)
            if locked is None:
                return None
            locked.filtered(lambda account: health.check_due(
                today, account.cs_health_check_date, intervals.get(account.cs_tier_id.id, 1)))._cs_compute_health()
            return locked

        left = self.env["cs.cron.batch"]._cs_process(self, domain, check, batch_size)
        cron._commit_progress(remaining=left)

    # ------------------------------------------------------------------
    # At-risk episodes
    # ------------------------------------------------------------------

    def _cs_run_risk_episodes(self, checked, today):
        """Start or end the at-risk episode of the accounts just checked.

        ``checked``: {account id: (score, status, change, previous check
        (date, score, status) or None, profile)}.
        """
        starting, ending = self.browse(), self.browse()
        self.fetch(["cs_lifecycle_stage", "cs_risk_episode", "cs_risk_episode_date", "cs_health_score"])
        for account in self.filtered(lambda a: a.id in checked and a.cs_lifecycle_stage != "churned"):
            _score, status, change, last, profile = checked[account.id]
            action = health.episode_action(
                account.cs_risk_episode, status, change, last[2] if last else None, profile.drop_points,
                previous_in_episode=bool(last and account.cs_risk_episode_date and last[0] >= account.cs_risk_episode_date),
            )
            if action == "start":
                starting |= account
            elif action == "end":
                ending |= account
        if starting:
            starting._cs_start_risk_episode(today)
        if ending:
            ending._cs_end_risk_episode()

    def _cs_start_risk_episode(self, today):
        values = {}
        for account in self:
            saved = account.cs_lifecycle_stage if account.cs_lifecycle_stage != "at_risk" else account.cs_pre_risk_stage
            values[account.id] = {"cs_risk_episode": True, "cs_risk_episode_date": today,
                                  "cs_pre_risk_stage": saved or None, "cs_lifecycle_stage": "at_risk"}
        self._cs_store_health(values)
        plan = self.env.ref("customer_success_sla.plan_at_risk", raise_if_not_found=False)
        if plan:
            self._cs_launch_plan(plan, self._cs_next_working_day())
        self._message_log_batch(bodies={
            account.id: self.env._("Health at risk (score %(score)s): stage At Risk, the at-risk playbook "
                                   "has started.", score=account.cs_health_score)
            for account in self
        })

    def _cs_end_risk_episode(self):
        stages = dict(self._fields["cs_lifecycle_stage"]._description_selection(self.env))
        restored = {account.id: health.stage_after_episode(account.cs_pre_risk_stage) for account in self}
        self._cs_store_health({
            account_id: {"cs_risk_episode": False, "cs_risk_episode_date": None, "cs_pre_risk_stage": None,
                         "cs_lifecycle_stage": stage}
            for account_id, stage in restored.items()
        })
        self._message_log_batch(bodies={
            account_id: self.env._("Two consecutive green health checks: the at-risk episode is over, "
                                   "back to the stage %(stage)s.", stage=stages[stage])
            for account_id, stage in restored.items()
        })

    def _cs_next_working_day(self):
        """{account id: the date, in its calendar's timezone, by which one
        working day (of the account's support hours, else the company's; public holidays
        count) has passed}, as the feedback follow-up counts it."""
        now = fields.Datetime.now()
        calendar_of = {account.id: account._cs_support_calendar() or self.env.company.resource_calendar_id
                       for account in self}
        calendars = list(set(calendar_of.values()))
        ends = self.env["resource.calendar"]._cs_add_working_hours_batch(
            [(calendar, now, calendar.hours_per_day or 8.0) for calendar in calendars])
        due_by_calendar = {
            calendar: fields.Datetime.context_timestamp(
                self.with_context(tz=calendar.tz or "UTC"), end or now + timedelta(days=1)).date()
            for calendar, end in zip(calendars, ends)
        }
        return {account_id: due_by_calendar[calendar] for account_id, calendar in calendar_of.items()}

    def _cs_launch_plan(self, plan, date_by_account=None):
        """Schedule the activities of ``plan`` on the accounts in ``self`` for
        their CSM (else the current user), as Odoo's "Launch plan" does, but
        in one create and one chatter note per account for the whole batch.
        Each activity reads in the language of the user it is assigned to."""
        today = fields.Date.context_today(self)
        model_id = self.env["ir.model"]._get_id("res.partner")
        activities, bodies = [], {}
        for account in self:
            owner = account.cs_csm_user_id or self.env.user
            plan_date = (date_by_account or {}).get(account.id, today)
            lines = []
            for template in plan.template_ids:
                responsible = (owner if template.responsible_type == "on_demand"
                               else template._determine_responsible(owner, account)["responsible"] or owner)
                deadline = template._get_date_deadline(plan_date)
                step = template.with_context(lang=responsible.lang or self.env.lang)
                activities.append({
                    "res_model_id": model_id, "res_id": account.id, "activity_type_id": template.activity_type_id.id,
                    "summary": step.summary, "note": step.note, "user_id": responsible.id,
                    "date_deadline": deadline, "automated": False,
                })
                lines.append(Markup("<li>%s</li>") % self.env._(
                    "%(activity)s, assigned to %(name)s, due on the %(deadline)s",
                    activity=template.summary or template.activity_type_id.name, name=responsible.name,
                    deadline=format_date(self.env, deadline)))
            bodies[account.id] = Markup("%s<ul>%s</ul>") % (
                self.env._('The plan "%(plan_name)s" has been started', plan_name=plan.name), Markup().join(lines))
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(activities)
        self.sudo()._message_log_batch(bodies=bodies)
