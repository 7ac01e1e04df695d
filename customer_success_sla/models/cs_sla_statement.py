from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from ..engine import sla_credit

# The contract promises a share of resolution targets met; the other kinds
# are listed on the statement for information.
COMMITTED_KINDS = ("resolution",)


class CsSlaStatement(models.Model):
    """What an account's SLA commitment came to in one calendar month:
    targets met and breached per kind, compliance, and the credit due.

    Issued once per account and month (on the first of the next month, or on
    demand) and never changed afterwards: the customer was sent these figures.
    Only the addon's own code, as superuser, creates them.
    """

    _name = "cs.sla.statement"
    _inherit = ["cs.system.record"]
    _description = "SLA Statement"
    _order = "month desc, partner_id, id"

    name = fields.Char(required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Account", required=True, readonly=True, index=True,
                                 ondelete="restrict")
    tier_id = fields.Many2one("cs.tier", string="Customer Tier", readonly=True)
    month = fields.Date(required=True, readonly=True, index=True, help="First day of the month of the statement.")
    date_to = fields.Date(string="Last Day", readonly=True)
    issue_date = fields.Datetime(string="Issued On", required=True, readonly=True)
    committed_compliance = fields.Float(string="Committed (%)", digits=(5, 2), readonly=True)
    has_targets = fields.Boolean(string="Targets Due", readonly=True,
                                 help="Resolution targets fell due in the month.")
    compliance = fields.Float(string="Compliance (%)", digits=(5, 1), readonly=True)
    commitment_missed = fields.Boolean(readonly=True, index=True,
                                       help="Compliance fell below the committed compliance.")
    met_count = fields.Integer(string="Met", readonly=True)
    breached_count = fields.Integer(string="Breached", readonly=True)
    credit_percent = fields.Float(string="Credit (%)", digits=(5, 2), readonly=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    monthly_fee = fields.Monetary(readonly=True)
    credit_amount = fields.Monetary(string="Credit Due", readonly=True)
    credit_due = fields.Boolean(string="With a Credit", readonly=True, index=True)
    line_ids = fields.One2many("cs.sla.statement.line", "statement_id", string="Targets", readonly=True)

    _account_month_unique = models.Constraint(
        "UNIQUE(partner_id, month)", "An account has one SLA statement per month.")

    # ------------------------------------------------------------------
    # Immutability
    # ------------------------------------------------------------------

    @api.model
    def _cs_system_write_refusal(self):
        return self.env._(
            "SLA statements are issued by the system and cannot be created, changed or deleted by hand.")

    @api.model
    def _cs_check_issuer(self):
        if not self.env.user.has_group("customer_success_sla.group_cs_manager"):
            raise AccessError(self.env._("Only customer success managers issue SLA statements."))

    # ------------------------------------------------------------------
    # Issuing
    # ------------------------------------------------------------------

    @api.model
    def _cs_month_bounds(self, month, tz_name="UTC"):
        """The month as UTC instants (naive, as stored) from midnight to
        midnight in ``tz_name``: the customer's month, not the server's."""
        tz = pytz.timezone(tz_name or "UTC")

        def utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        return utc(month), utc(sla_credit.next_month(month))

    @api.model
    def _cs_figures_domains(self, account_ids, start, stop):
        """[(index, domain, date field)] of the clocks of the accounts met in
        [start, stop) and breached there: also those whose deadline passed
        but that the sweep has not flagged yet (still running), as the month
        is over when it is issued. Both are served by the partial indexes of
        cs_ticket_sla_statement_index."""
        base = Domain("partner_id", "in", account_ids)
        return [
            (0, base & Domain("status", "=", "met") & Domain("reached_date", ">=", start)
             & Domain("reached_date", "<", stop), "reached_date"),
            (1, base & Domain("status", "in", ("breached", "running")) & Domain("deadline", ">=", start)
             & Domain("deadline", "<", stop), "deadline"),
        ]

    @api.model
    def _cs_figures(self, accounts, month):
        """{account id: {kind: [met, breached]}} for the month, in two
        queries per time zone whatever the number of accounts: a met clock
        counts in the month it was met, a breached one in the month of its
        deadline, months running midnight to midnight in the account's time
        zone."""
        Clock = self.env["cs.ticket.sla"].sudo()
        figures = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        # two queries per time zone of the accounts (a handful), not per account
        for tz_name, tz_accounts in accounts._cs_sla_time_zones().items():
            start, stop = self._cs_month_bounds(month, tz_name)
            for index, domain, _column in self._cs_figures_domains(tz_accounts.ids, start, stop):
                for account, kind, count in Clock._read_group(domain, ["partner_id", "kind"], ["__count"]):
                    figures[account.id][kind][index] += count
        return figures

    @api.model
    def _cs_month_not_over(self, accounts, month):
        """The accounts whose ``month`` has not ended yet in their time zone
        (west of UTC it ends hours after the server's)."""
        now = fields.Datetime.now()
        late = self.env["res.partner"]
        for tz_name, tz_accounts in accounts._cs_sla_time_zones().items():
            if now < self._cs_month_bounds(month, tz_name)[1]:
                late |= tz_accounts
        return late

    @api.model
    def _cs_issue(self, accounts, month=None, skip_unfinished=False):
        """The statements of ``accounts`` for ``month`` (default: the last
        finished month): those already issued, and new ones for the others.
        Issuing a month again creates nothing. A month is over once it ended
        in the account's time zone: before, it is refused, or left out with
        ``skip_unfinished`` (the cron comes back the next day)."""
        today = fields.Date.context_today(self)
        month = sla_credit.month_start(month) if month else sla_credit.previous_month(today)
        Statement = self.sudo()
        accounts = accounts.commercial_partner_id.sudo()
        existing = Statement.search([("partner_id", "in", accounts.ids), ("month", "=", month)])
        todo = accounts - existing.partner_id
        late = self._cs_month_not_over(todo, month)
        if late and not skip_unfinished:
            raise UserError(self.env._("A statement is issued once its month is over."))
        todo -= late
        if not todo:
            return existing.with_env(self.env)
        figures = self._cs_figures(todo, month)
        terms = todo._cs_sla_commitment()
        # lines in the order of the target kinds
        rank = {kind: index for index, (kind, _label) in enumerate(self.env["cs.ticket.sla"]._fields["kind"].selection)}
        now = fields.Datetime.now()
        date_to = sla_credit.next_month(month) - timedelta(days=1)
        vals_list = []
        for account in todo:
            counts, term = figures[account.id], terms[account.id]
            met = sum(counts[kind][0] for kind in COMMITTED_KINDS if kind in counts)
            breached = sum(counts[kind][1] for kind in COMMITTED_KINDS if kind in counts)
            compliance = sla_credit.compliance(met, breached)
            credit = sla_credit.credit_percent(compliance, term["schedule"])
            currency = term["currency"]
            amount = currency.round(term["fee"] * credit / 100.0)
            vals_list.append({
                "name": f"{month:%Y-%m} {account.name}",
                "partner_id": account.id,
                "tier_id": account.cs_tier_id.id,
                "month": month,
                "date_to": date_to,
                "issue_date": now,
                "committed_compliance": term["committed"],
                "has_targets": compliance is not None,
                "compliance": compliance or 0.0,
                "commitment_missed": compliance is not None and compliance < term["committed"],
                "met_count": met,
                "breached_count": breached,
                "credit_percent": credit,
                "currency_id": currency.id,
                "monthly_fee": term["fee"],
                "credit_amount": amount,
                "credit_due": amount > 0,
                "line_ids": [fields.Command.create({
                    "kind": kind, "met_count": values[0], "breached_count": values[1],
                    "committed": kind in COMMITTED_KINDS,
                }) for kind, values in sorted(counts.items(), key=lambda item: rank.get(item[0], len(rank)))],
            })
        return (existing | Statement.create(vals_list)).with_env(self.env)

    @api.model
    def _cron_issue_statements(self, batch_size=500):
        """Issue the last finished month's statements of every committed
        account that has none yet, in batches that commit."""
        today = fields.Date.context_today(self)
        month = sla_credit.previous_month(today)
        # accounts created after the month (in any time zone) had no month with us
        stop = datetime.combine(sla_credit.next_month(month), time.min) + timedelta(days=1)
        Partner = self.env["res.partner"].sudo()
        domain = (Partner._cs_committed_domain() & Domain("create_date", "<", stop)
                  & Domain("cs_sla_statement_ids", "not any", [("month", "=", month)]))
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=Partner.search_count(domain))

        def issue(accounts):
            # held accounts are left to the worker holding them; the unique
            # constraint backs this up against an on-demand issue meanwhile
            locked = self.env["cs.cron.batch"]._cs_try_lock(accounts)
            if locked is None:
                return None
            self.sudo()._cs_issue(locked[0], month, skip_unfinished=True)
            return locked[0]

        left = self.env["cs.cron.batch"]._cs_process(Partner, domain, issue, batch_size)
        cron._commit_progress(remaining=left)

    def action_cs_issue_last_month(self):
        """From the statement list: issue the last finished month's
        statements of all committed accounts, in the background."""
        self._cs_check_issuer()
        self.env.ref("customer_success_sla.ir_cron_issue_sla_statements").sudo()._trigger()
        return {"type": "ir.actions.client", "tag": "display_notification", "params": {
            "type": "info", "message": self.env._("The statements of last month are being issued."),
        }}

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("SLA statement %(name)s", name=self.name)

    def action_cs_print(self):
        return self.env.ref("customer_success_sla.action_report_cs_sla_statement").report_action(self)
