import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_datetime

from ..engine import service_notice

_logger = logging.getLogger(__name__)

KINDS = [("maintenance", "Maintenance"), ("release", "Release"), ("incident", "Incident")]
STATES = [("scheduled", "Scheduled"), ("in_progress", "In Progress"), ("completed", "Completed"),
          ("cancelled", "Cancelled")]


class CsServiceNotice(models.Model):
    """A maintenance window, release or incident told to customers: mailed to
    the main contacts of its audience in their language and time zone, shown
    on their portal home and on the public status page."""

    _name = "cs.service.notice"
    _description = "Service Notice"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, translate=True, tracking=True)
    body = fields.Html(translate=True, sanitize=True, help="What changes and how to prepare; mailed to customers.")
    kind = fields.Selection(KINDS, required=True, default="maintenance", tracking=True)
    date_start = fields.Datetime("Start", required=True, index=True, tracking=True)
    date_end = fields.Datetime("End", required=True, index=True, tracking=True)
    component_ids = fields.Many2many("cs.service.component", "cs_service_notice_component_rel", "notice_id",
                                     "component_id", string="Components")
    tier_ids = fields.Many2many("cs.tier", "cs_service_notice_tier_rel", "notice_id", "tier_id", string="Tiers",
                                help="Accounts of these tiers receive the notice. No tier and no account: everyone.")
    partner_ids = fields.Many2many("res.partner", "cs_service_notice_partner_rel", "notice_id", "partner_id",
                                   string="Accounts", domain=[("is_company", "=", True)],
                                   help="These accounts receive the notice, whatever their tier.")
    state = fields.Selection(STATES, required=True, default="scheduled", tracking=True)
    is_published = fields.Boolean("Published", readonly=True, copy=False, tracking=True)
    reminder_minutes = fields.Integer("Reminder (minutes before)", default=60,
                                      help="Maintenance only: the audience is reminded this long before the start.")
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    reminder_date = fields.Datetime(compute="_compute_reminder_date", store=True, index=True)
    delivery_ids = fields.One2many("cs.service.notice.delivery", "notice_id", string="Deliveries", readonly=True)
    delivery_count = fields.Integer(compute="_compute_delivery_count")

    @api.depends("date_start", "reminder_minutes")
    def _compute_reminder_date(self):
        for notice in self:
            notice.reminder_date = service_notice.reminder_date(notice.date_start, notice.reminder_minutes)

    def _compute_delivery_count(self):
        counts = dict(self.env["cs.service.notice.delivery"]._read_group(
            [("notice_id", "in", self.ids)], ["notice_id"], ["__count"]))
        for notice in self:
            notice.delivery_count = counts.get(notice, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for notice in self:
            if notice.date_start and notice.date_end and notice.date_end <= notice.date_start:
                raise ValidationError(self.env._(
                    "Notice %(name)s: the end must come after the start.", name=notice.name))

    @api.constrains("reminder_minutes")
    def _check_reminder_minutes(self):
        if any(notice.reminder_minutes < 0 for notice in self):
            raise ValidationError(self.env._("The reminder lead time cannot be negative."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_publish(self):
        """Mail every main contact of the audience (and the audience's
        followers of the named components) once, and show the notice on the
        portal and the status page. Publishing again mails only contacts not
        reached yet. Refused when the audience has nobody to mail."""
        closed = self.filtered(lambda notice: notice.state in ("cancelled", "completed"))
        if closed:
            raise UserError(self.env._("Notice %(name)s is %(state)s: it cannot be published.",
                                       name=closed[0].name, state=closed[0]._cs_state_label()))
        # one publisher at a time per notice: the second one is told, not doubled
        if self.try_lock_for_update() != self:
            raise UserError(self.env._("This notice is being published by someone else; try again in a moment."))
        recipients = self._cs_recipients()
        empty = self.filtered(lambda notice: not recipients[notice])
        if empty:
            raise UserError(self.env._(
                "Notice %(name)s has nobody to tell: no account of its audience has a main contact or an email.",
                name=empty[0].name))
        sent = self._cs_send(recipients, "publish")
        self.write({"is_published": True})
        for notice in self:
            notice.message_post(body=self.env._("Published: %(count)s contact(s) mailed.", count=sent[notice]))
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_view_deliveries(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "cs.service.notice.delivery",
            "name": self.env._("Deliveries"), "view_mode": "list", "domain": [("notice_id", "=", self.id)],
        }

    # ------------------------------------------------------------------
    # Audience and mails
    # ------------------------------------------------------------------

    def _cs_state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _cs_audience_accounts(self):
        """{notice: accounts}: commercial partners of its tiers or named; no
        tier and no account means every account with a tier."""
        Partner = self.env["res.partner"].sudo()  # sudo: mailing reads every account of the audience
        everyone = any(not (notice.tier_ids or notice.partner_ids) for notice in self)
        domain = Partner._cs_account_domain()
        if not everyone:
            domain &= (Domain("cs_tier_id", "in", self.tier_ids.ids)
                       | Domain("id", "in", self.partner_ids.commercial_partner_id.ids))
        else:
            domain &= Domain("cs_tier_id", "!=", False) | Domain("id", "in", self.partner_ids.commercial_partner_id.ids)
        accounts = Partner.search(domain)
        result = {}
        for notice in self:
            if not (notice.tier_ids or notice.partner_ids):
                result[notice] = accounts.filtered("cs_tier_id")
            else:
                named = notice.partner_ids.commercial_partner_id
                result[notice] = accounts.filtered(lambda a, n=notice, named=named: a.cs_tier_id in n.tier_ids
                                                   or a in named)
        return result

    def _cs_recipients(self):
        """{notice: contacts}: the main contacts of its audience (flagged
        main contacts with an email, else the account's email) and the
        audience's contacts following one of its components."""
        audience = self._cs_audience_accounts()
        accounts = self.env["res.partner"].sudo().union(*audience.values())
        main = accounts._cs_service_report_recipients()
        subscriptions = self.env["cs.service.subscription"].sudo().search([
            ("component_id", "in", self.component_ids.ids), ("partner_id.email", "!=", False),
            ("partner_id.commercial_partner_id", "in", accounts.ids)])
        result = {}
        for notice in self:
            contacts = self.env["res.partner"].sudo().union(*(main[account] for account in audience[notice]))
            followers = subscriptions.filtered(lambda s, n=notice, a=audience[notice]:
                                               s.component_id in n.component_ids
                                               and s.partner_id.commercial_partner_id in a)
            result[notice] = contacts | followers.partner_id
        return result

    def _cs_send(self, recipients, kind):
        """Create one mail per contact not reached yet for ``kind``, rendered
        once per language with the dates in each contact's time zone; the
        deliveries and the mails are created together, in one transaction.
        Returns {notice: number of mails}."""
        Delivery = self.env["cs.service.notice.delivery"].sudo()
        done = {(d.notice_id.id, d.partner_id.id) for d in Delivery.search(
            [("notice_id", "in", self.ids), ("kind", "=", kind)])}
        default_lang = self.env.lang or "en_US"
        pairs = [(contact.lang or default_lang, (notice, contact))
                 for notice in self for contact in recipients[notice] if (notice.id, contact.id) not in done]
        mails, deliveries = [], []
        # given once: left empty, each message looks up the reply-to alias on its own
        sender = self.env.company.email_formatted or self.env.user.email_formatted
        for lang, group in service_notice.group_by_language(pairs, default_lang):
            notices = self.browse({notice.id for notice, _contact in group}).with_context(lang=lang)
            notices.fetch(["name", "body"])  # one read of this language's translations
            env = notices.env
            for notice, contact in group:
                notice = notice.with_env(env)
                tz = contact.tz or contact._cs_support_calendar().tz or "UTC"
                start = format_datetime(env, notice.date_start, tz=tz, dt_format="medium")
                end = format_datetime(env, notice.date_end, tz=tz, dt_format="medium")
                if kind == "reminder":
                    subject = env._("Reminder: %(name)s starts at %(start)s", name=notice.name, start=start)
                else:
                    subject = notice.name
                body = env["ir.qweb"]._render("customer_success_sla.cs_service_notice_mail", {
                    "notice": notice, "start": start, "end": end, "tz": tz, "is_reminder": kind == "reminder",
                    "kind_label": dict(notice._fields["kind"]._description_selection(env))[notice.kind],
                })
                mails.append({
                    "subject": subject, "body_html": body, "recipient_ids": [fields.Command.set(contact.ids)],
                    "model": self._name, "res_id": notice.id, "auto_delete": False,
                    "email_from": sender, "reply_to": sender,
                })
                deliveries.append({"notice_id": notice.id, "partner_id": contact.id, "kind": kind, "lang": lang})
        mail_records = self.env["mail.mail"].sudo().create(mails)
        # same transaction: a concurrent duplicate fails on the unique key and
        # takes its mails with it, so nobody is mailed twice
        Delivery.create([dict(values, mail_id=mail.id) for values, mail in zip(deliveries, mail_records)])
        counts = defaultdict(int)
        for delivery in deliveries:
            counts[self.browse(delivery["notice_id"])] += 1
        return counts

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _cs_due_domain(self, now):
        moves = Domain("state", "in", list(service_notice.OPEN_STATES)) & (
            (Domain("state", "=", "scheduled") & Domain("date_start", "<=", now)) | Domain("date_end", "<=", now))
        reminders = (Domain("kind", "=", "maintenance") & Domain("state", "=", "scheduled")
                     & Domain("is_published", "=", True) & Domain("reminder_sent", "=", False)
                     & Domain("reminder_date", "<=", now) & Domain("date_start", ">", now))
        return moves, reminders

    @api.model
    def _cron_service_notices(self, batch_size=100):
        """Remind the audience of published maintenance windows about to
        start (once), then move notices along: scheduled → in progress at
        the start, → completed at the end. Several workers may run it at
        once: each locks its notices without waiting and skips the others'."""
        now = fields.Datetime.now()
        moves, reminders = self._cs_due_domain(now)
        cron = self.env["ir.cron"]
        Batch = self.env["cs.cron.batch"]
        cron._commit_progress(remaining=self.search_count(reminders) + self.search_count(moves))

        def remind(notices):
            locked = Batch._cs_try_lock(notices)
            if locked is None:
                return None
            locked = locked[0]
            # the rows as locked: a worker that reminded first committed reminder_sent
            due = locked.filtered(lambda n: service_notice.reminder_due(
                n.kind, n.state, n.is_published, n.reminder_sent, n.date_start, n.reminder_minutes, now))
            if due:
                recipients = due._cs_recipients()
                due._cs_send(recipients, "reminder")
                due.write({"reminder_sent": True})
            return locked

        def move(notices):
            locked = Batch._cs_try_lock(notices)
            if locked is None:
                return None
            by_state = defaultdict(list)
            for notice in locked[0]:
                target = service_notice.notice_state(notice.state, notice.date_start, notice.date_end, now)
                if target != notice.state:
                    by_state[target].append(notice.id)
            for target, ids in by_state.items():
                self.browse(ids).write({"state": target})
            return locked[0]

        left = Batch._cs_process(self, reminders, remind, batch_size)
        left += Batch._cs_process(self, moves, move, batch_size)
        cron._commit_progress(remaining=left)

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------

    @api.model
    def _cs_portal_notices(self, limit=5):
        """Current and upcoming published notices the visitor may read (the
        record rules keep a customer to their account's audience)."""
        if not self.has_access("read"):
            return self.browse()
        return self.search([("is_published", "=", True), ("state", "in", list(service_notice.OPEN_STATES))],
                           order="date_start, id", limit=limit)
