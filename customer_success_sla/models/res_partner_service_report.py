import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import health
from ..engine.sla_levels import CUSTOMER_KINDS

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    """The account service report: a PDF of the last period (week or month,
    per tier) mailed to the account's main contacts, unless it opted out."""

    _inherit = "res.partner"

    cs_service_report_opt_out = fields.Boolean(
        string="No Service Report", help="The account's contacts do not receive the periodic service report.")
    cs_service_report_date = fields.Date(string="Last Service Report", readonly=True, copy=False,
                                         groups="base.group_user")

    def _cs_service_report_values(self, date_from, date_to):
        """{account id: figures of the period} for the accounts in ``self``,
        in a constant number of queries: tickets opened and solved, SLA
        targets met and breached, CSAT ratings, health checks, the problems
        that hit the account."""
        accounts = self.commercial_partner_id.sudo()
        start = datetime.combine(date_from, time.min)
        stop = datetime.combine(date_to + timedelta(days=1), time.min)
        Ticket = self.env["helpdesk.ticket"].sudo()
        base = Domain("commercial_partner_id", "in", accounts.ids)
        opened = dict(Ticket._read_group(base & Domain("create_date", ">=", start) & Domain("create_date", "<", stop),
                                         ["commercial_partner_id"], ["__count"]))
        solved = dict(Ticket._read_group(base & Domain("closed_date", ">=", start) & Domain("closed_date", "<", stop),
                                         ["commercial_partner_id"], ["__count"]))
        clocks = defaultdict(lambda: {"met": 0, "breached": 0})
        for account, status, count in self.env["cs.ticket.sla"].sudo()._read_group(
                Domain("ticket_id.commercial_partner_id", "in", accounts.ids) & Domain("status", "in", ["met", "breached"])
                & Domain("kind", "in", CUSTOMER_KINDS)
                & Domain("deadline", ">=", start) & Domain("deadline", "<", stop),
                ["ticket_id.commercial_partner_id", "status"], ["__count"]):
            clocks[account.id][status] = count
        ratings = {account.id: average for account, average in self.env["rating.rating"].sudo()._read_group(
            Domain("res_model", "=", "helpdesk.ticket") & Domain("consumed", "=", True) & Domain("rating", ">=", 1)
            & Domain("partner_id.commercial_partner_id", "in", accounts.ids)
            & Domain("write_date", ">=", start) & Domain("write_date", "<", stop),
            ["partner_id.commercial_partner_id"], ["rating:avg"])}
        checks = defaultdict(list)
        for check in self.env["cs.health.check"].sudo().search_fetch(
                [("partner_id", "in", accounts.ids), ("date", ">", date_to - timedelta(days=180)),
                 ("date", "<=", date_to)], ["partner_id", "date", "score", "status"], order="date"):
            checks[check.partner_id.id].append(check)
        problems = accounts._cs_service_report_problems(start, stop)
        values = {}
        for account in accounts:
            met, breached = clocks[account.id]["met"], clocks[account.id]["breached"]
            values[account.id] = {
                "date_from": date_from, "date_to": date_to,
                "opened": opened.get(account, 0), "solved": solved.get(account, 0),
                "sla_met": met, "sla_breached": breached,
                "sla_compliance": round(met * 100 / (met + breached), 1) if met + breached else None,
                "csat": round(ratings[account.id], 2) if ratings.get(account.id) else None,
                "checks": checks[account.id],
                "problems": problems[account.id],
            }
        return values

    def _cs_service_report_problems(self, start, stop):
        """{account id: [{name, state, tickets, resolve_hours}]}: the problems
        the account's tickets were linked to that were open during
        [``start``, ``stop``), with the account's own linked tickets and the
        hours to resolve (``None`` while open). One grouped query and one read
        whatever the number of accounts; public fields only (the report goes
        to the customer)."""
        rows = self.env["helpdesk.ticket"].sudo()._read_group(
            Domain("commercial_partner_id", "in", self.ids) & Domain("cs_problem_id", "any",
                Domain("create_date", "<", stop)
                & (Domain("state", "!=", "resolved") | Domain("resolved_date", ">=", start))),
            ["commercial_partner_id", "cs_problem_id"], ["__count"], order="cs_problem_id")
        problems = self.env["cs.problem"].sudo().union(*(problem for _account, problem, _count in rows))
        problems.fetch(["name", "state", "resolved_date", "resolve_hours"])
        states = dict(self.env["cs.problem"]._fields["state"]._description_selection(self.env))
        result = defaultdict(list)
        for account, problem, count in rows:
            result[account.id].append({
                "name": problem.name, "state": states.get(problem.state, problem.state), "tickets": count,
                "resolve_hours": problem.resolve_hours if problem.resolved_date else None,
            })
        return result

    def _cs_service_report_recipients(self):
        """{account: contacts}: its main contacts with an email, else the
        account itself when it has one."""
        contacts = self.sudo().search([("commercial_partner_id", "in", self.ids), ("cs_admin_contact", "=", True),
                                       ("email", "!=", False)])
        recipients = defaultdict(lambda: self.browse())
        for contact in contacts:
            recipients[contact.commercial_partner_id] |= contact
        return {account: recipients[account] or account.filtered("email") for account in self}

    @api.model
    def _cs_service_report_due_domain(self, today):
        per_frequency = []
        for frequency in ("weekly", "monthly"):
            _start, stop = health.report_period(today, frequency)
            per_frequency.append(
                Domain("cs_tier_id.service_report_frequency", "=", frequency)
                & (Domain("cs_service_report_date", "=", False) | Domain("cs_service_report_date", "<=", stop)))
        return (self._cs_account_domain() & Domain("cs_service_report_opt_out", "=", False)
                & Domain("cs_lifecycle_stage", "not in", ["churned", False]) & Domain.OR(per_frequency))

    @api.model
    def _cron_send_service_reports(self, batch_size=50):
        """Mail each due account its service report of the last finished
        period, in batches that commit; a sent account carries today's date
        and is not due again before the next period."""
        today = fields.Date.context_today(self)
        domain = self._cs_service_report_due_domain(today)
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=self.search_count(domain))

        def send(accounts):
            locked = self.env["cs.cron.batch"]._cs_lock_accounts(accounts)
            if locked is None:
                return None
            locked.filtered(lambda a: health.report_due(
                today, a.cs_tier_id.service_report_frequency, a.cs_service_report_date))._cs_send_service_reports(today)
            return locked

        left = self.env["cs.cron.batch"]._cs_process(self, domain, send, batch_size)
        cron._commit_progress(remaining=left)

    def _cs_send_service_reports(self, today):
        """Render and mail each account's report, in the account's language.
        An account whose report fails (PDF engine, data) is logged and left
        due for the next run; the others are sent."""
        report = self.env.ref("customer_success_sla.action_report_cs_account_service")
        recipients = self._cs_service_report_recipients()
        mails = []
        done = self.browse()  # sent, or with nobody to send to: not due again this period
        for account in self:
            frequency = account.cs_tier_id.service_report_frequency
            date_from, date_to = health.report_period(today, frequency)
            people = recipients[account]
            if not people:
                _logger.info("Service report of %s not sent: no main contact with an email.", account.id)
                done |= account
                continue
            env = self.with_context(lang=account.lang or self.env.lang).env
            name = env._("Service report %(account)s %(start)s – %(stop)s", account=account.name,
                         start=date_from, stop=date_to)
            try:
                with self.env.cr.savepoint():
                    content, _type = env["ir.actions.report"].sudo()._render_qweb_pdf(
                        report, account.ids, data={"date_from": str(date_from), "date_to": str(date_to)})
                    attachment = self.env["ir.attachment"].sudo().create({
                        "name": f"{name}.pdf", "raw": content, "mimetype": "application/pdf",
                        "res_model": "res.partner", "res_id": account.id,
                    })
            except Exception:  # noqa: BLE001 - one account's report never stops the others'
                _logger.exception("Service report of account %s failed; it is retried on the next run.", account.id)
                continue
            done |= account
            mails.append({
                "subject": name,
                "body_html": env._("<p>Dear customer,</p><p>please find attached the service report of "
                                   "your account for %(start)s – %(stop)s.</p>", start=date_from, stop=date_to),
                "recipient_ids": [fields.Command.set(people.ids)],
                "attachment_ids": [fields.Command.link(attachment.id)],
                "model": "res.partner", "res_id": account.id,
                "auto_delete": False,
            })
        self.env["mail.mail"].sudo().create(mails)
        done.sudo().write({"cs_service_report_date": today})
