import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import voice

_logger = logging.getLogger(__name__)

CSAT_WINDOW_DAYS = 90
NPS_WINDOW_DAYS = 365


class ResPartner(models.Model):
    """Accounts' satisfaction: CSAT (90 days), NPS (365 days), invitations."""

    _inherit = "res.partner"

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["cs_portal_company_view"]

    cs_csat_avg = fields.Float(string="CSAT (90 days)", digits=(3, 2), readonly=True,
                               help="Average 1-5 ticket rating over the last 90 days; 0 without rating.",
                               groups="base.group_user")
    cs_nps = fields.Integer(string="NPS (365 days)", readonly=True,
                            help="Net Promoter Score over the last 365 days (−100 to 100); "
                                 "meaningful only when NPS Answers is above 0.", groups="base.group_user")
    cs_nps_count = fields.Integer(string="NPS Answers", readonly=True, groups="base.group_user")
    cs_nps_last_invite_date = fields.Date(string="Last NPS Invitation", readonly=True, copy=False,
                                          groups="base.group_user")
    cs_voice_refresh_date = fields.Date(
        string="Satisfaction Refreshed On", readonly=True, copy=False,
        groups="base.group_user",
        help="Technical: the day the daily job last recomputed CSAT and NPS, where it resumes.")
    # The daily jobs' filters (see _cs_voice_refresh_domain and
    # _cs_invitation_candidates_domain) read accounts only: partial indexes
    # spare a scan of every contact on each batch.
    _cs_voice_refresh_idx = models.Index(
        "(cs_voice_refresh_date) WHERE (cs_csat_avg <> 0 OR cs_nps_count <> 0)"
        " AND (is_company IS TRUE OR parent_id IS NULL)")
    _cs_nps_invite_idx = models.Index(
        "(cs_lifecycle_stage, cs_nps_last_invite_date) WHERE is_company IS TRUE OR parent_id IS NULL")

    cs_admin_contact = fields.Boolean(
        string="Main Contact",
        help="Sees all the company's tickets on the portal and receives the NPS survey.",
    )
    cs_portal_company_view = fields.Selection(
        [("admins", "Main contacts only"), ("everyone", "Every contact")],
        string="Company Tickets on the Portal", default="admins",
        help="Who, among the account's contacts, sees all the company's tickets on the portal; "
             "the others see the tickets they filed or follow.",
    )

    def write(self, vals):
        res = super().write(vals)
        if {"cs_admin_contact", "cs_portal_company_view"} & set(vals):
            # the portal ticket rule reads these through the user: cached domains are stale
            self.env.registry.clear_cache()
        return res

    def _cs_update_voice_metrics(self):
        """CSAT and NPS of the accounts in ``self``, in two queries."""
        accounts = self.commercial_partner_id.sudo()
        if not accounts:
            return
        now = fields.Datetime.now()
        scores = defaultdict(list)
        ratings = self.env["rating.rating"].sudo().search_fetch(
            [("res_model", "=", "helpdesk.ticket"), ("consumed", "=", True), ("rating", ">=", 1),
             ("partner_id.commercial_partner_id", "in", accounts.ids),
             ("write_date", ">=", fields.Datetime.subtract(now, days=CSAT_WINDOW_DAYS))],
            ["rating", "partner_id"],
        )
        for rating in ratings:
            scores[rating.partner_id.commercial_partner_id.id].append(rating.rating)
        answers = defaultdict(list)
        for user_input in self.env["survey.user_input"].sudo().search_fetch(
            self.env["survey.user_input"]._cs_nps_domain(accounts, fields.Datetime.subtract(now, days=NPS_WINDOW_DAYS)),
            ["cs_account_id", "cs_nps_score"],
        ):
            answers[user_input.cs_account_id.id].append(user_input.cs_nps_score)
        for account in accounts:
            nps = voice.nps(answers[account.id])
            account.write({
                "cs_csat_avg": voice.csat_average(scores[account.id]),
                "cs_nps": nps or 0,
                "cs_nps_count": len(answers[account.id]),
            })

    @api.model
    def _cs_voice_refresh_domain(self, today):
        return (
            (Domain("cs_csat_avg", "!=", 0) | Domain("cs_nps_count", "!=", 0))
            & (Domain("cs_voice_refresh_date", "=", False) | Domain("cs_voice_refresh_date", "<", today))
            & self._cs_account_domain()
        )

    @api.model
    def _cron_update_voice_metrics(self, batch_size=500):
        """Daily: the windows move, so accounts with recent feedback are
        recomputed, in batches that commit. An account refreshed today no
        longer matches: a run the time limit stops resumes where it stopped
        instead of restarting from the lowest id."""
        # New feedback updates its account at once; only figures that exist
        # can change as the windows move.
        today = fields.Date.context_today(self)
        domain = self._cs_voice_refresh_domain(today)
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=self.search_count(domain))

        def refresh(accounts):
            locked = self.env["cs.cron.batch"]._cs_try_lock(accounts)
            if locked is None:
                return None
            locked[0]._cs_update_voice_metrics()
            locked[0].sudo().write({"cs_voice_refresh_date": today})
            return locked[0]

        left = self.env["cs.cron.batch"]._cs_process(self, domain, refresh, batch_size)
        cron._commit_progress(remaining=left)

    # ------------------------------------------------------------------
    # NPS invitations
    # ------------------------------------------------------------------

    @api.model
    def _cs_nps_survey(self):
        return self.env.ref("customer_success_sla.survey_nps", raise_if_not_found=False)

    @api.model
    def _cs_invitation_candidates_domain(self, today):
        """Accounts that may be due: a stage some cadence covers, and no
        invitation within the shortest interval. The exact rule is checked in
        Python (engine.voice.invitation_due) on each bounded batch."""
        cadences = self.env["cs.nps.cadence"]._cs_active()
        if not cadences:
            return Domain.FALSE
        shortest = min(cadences.mapped("interval_days"))
        return (
            self._cs_account_domain()
            & Domain("cs_lifecycle_stage", "in", list(set(cadences.mapped("lifecycle_stage"))))
            & (Domain("cs_nps_last_invite_date", "=", False)
               | Domain("cs_nps_last_invite_date", "<=", fields.Date.subtract(today, days=shortest)))
        )

    @api.model
    def _cron_send_nps_invitations(self, batch_size=200):
        """Invite the main contacts of every due account to the NPS survey.

        Each batch locks its accounts (skipping those another worker holds),
        checks them again and commits in one go: an account invited today
        no longer matches, so a second run (or a second worker) sends nothing
        twice; the accounts left are reported so that the scheduler calls the
        job again until none is.
        """
        survey = self._cs_nps_survey()
        if not survey or not survey.active:
            return
        today = fields.Date.context_today(self)
        domain = self._cs_invitation_candidates_domain(today)
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=self.search_count(domain))

        def invite(accounts):
            # read after the lock: another worker may have invited them since the search
            locked = self.env["cs.cron.batch"]._cs_try_lock(accounts)
            if locked is None:
                return None
            locked[0]._cs_send_nps_invitations(survey, today)
            return locked[0]

        left = self.env["cs.cron.batch"]._cs_process(self, domain, invite, batch_size)
        cron._commit_progress(remaining=left)

    def _cs_send_nps_invitations(self, survey, today):
        Cadence = self.env["cs.nps.cadence"]
        cadences = Cadence._cs_active()  # read once for the batch
        due = self.filtered(
            lambda account: (cadence := Cadence._cs_cadence_for(account, cadences))
            and voice.invitation_due(today, account.cs_lifecycle_stage, account.cs_go_live_date,
                                     account.cs_nps_last_invite_date, {account.cs_lifecycle_stage: cadence})
        )
        if not due:
            return
        contacts = self.sudo().search([("commercial_partner_id", "in", due.ids), ("cs_admin_contact", "=", True)])
        recipients = defaultdict(lambda: self.browse())
        for contact in contacts:
            recipients[contact.commercial_partner_id] |= contact
        answers, skipped = [], self.browse()
        for account in due:
            people = recipients[account] or account
            with_email = people.filtered("email")
            if not with_email:
                skipped |= account
            answers += [{"survey_id": survey.id, "partner_id": person.id, "email": person.email,
                         "cs_account_id": account.id} for person in with_email]
        user_inputs = self.env["survey.user_input"].sudo().create(answers)
        template = self.env.ref("customer_success_sla.mail_template_nps_invitation")
        template.sudo().send_mail_batch(user_inputs.ids)
        # Skipped accounts count as invited too: one note per period, not per day.
        due.sudo().write({"cs_nps_last_invite_date": today})
        if skipped:
            _logger.info("NPS: %d account(s) without a contact email skipped.", len(skipped))
            skipped._message_log_batch(bodies={
                account.id: self.env._("NPS survey not sent: no main contact with an email address.")
                for account in skipped
            })
