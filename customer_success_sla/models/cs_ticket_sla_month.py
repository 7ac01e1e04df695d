from odoo import api, fields, models
from odoo.tools import SQL

from .cs_sla_target import TARGET_KIND_SELECTION
from .cs_ticket_sla import CLOCK_STATUS_SELECTION
from .helpdesk_ticket_classification import SUPPORT_LEVEL_SELECTION

# The clock columns the monthly figures are grouped by: what SLA Analysis
# groups and filters by, except the account and the ticket.
DIMENSIONS = ("start_month", "company_id", "cs_tier_id", "policy_id", "team_id", "user_id", "kind",
              "support_level", "status")
# Clock fields whose change moves a clock from one monthly row to another.
TRACKED_FIELDS = frozenset(DIMENSIONS) | {"success_rate"}
BUILT_PARAMETER = "customer_success_sla.sla_month_figures_built"


class CsTicketSlaMonth(models.Model):
    """SLA clocks counted per month and dimension: what SLA Analysis reads
    for the months whose clocks did not change since they were counted.

    A year of a large helpdesk is more than a million clocks; aggregating
    them again at every pivot took seconds, the monthly rows take
    milliseconds. The months changed since (``cs.ticket.sla.month.change``)
    are read from the clocks themselves, so that the figures are always those
    of the clocks (see ``cs.ticket.sla._read_group``). Written only by SQL,
    by ``_cs_refresh`` and ``_cs_rebuild``.
    """

    _name = "cs.ticket.sla.month"
    _description = "SLA Clocks per Month"
    _log_access = False

    start_month = fields.Date(string="Month", required=True, index=True)
    company_id = fields.Many2one("res.company", ondelete="cascade")
    # As on the clocks: a deleted tier, team or agent leaves the clocks
    # without one, and the counted rows as well.
    cs_tier_id = fields.Many2one("cs.tier", string="Customer Tier", ondelete="set null")
    policy_id = fields.Many2one("cs.sla.policy", ondelete="cascade")
    team_id = fields.Many2one("helpdesk.ticket.team", ondelete="set null")
    user_id = fields.Many2one("res.users", string="Agent", ondelete="set null")
    kind = fields.Selection(TARGET_KIND_SELECTION)
    support_level = fields.Selection(SUPPORT_LEVEL_SELECTION)
    status = fields.Selection(CLOCK_STATUS_SELECTION)
    clock_count = fields.Integer(string="Clocks", required=True)
    success_sum = fields.Float(string="Met (%) Sum", help="Sum of the clocks' Met (%).")
    success_count = fields.Integer(string="Clocks with Met (%)", help="Clocks with a Met (%).")

    @api.model
    def _cs_count_sql(self, where):
        columns = SQL(", ").join(SQL.identifier(name) for name in DIMENSIONS)
        return SQL(
            """INSERT INTO cs_ticket_sla_month (%(columns)s, clock_count, success_sum, success_count)
               SELECT %(columns)s, count(*), sum(success_rate), count(success_rate)
                 FROM cs_ticket_sla WHERE %(where)s GROUP BY %(columns)s""",
            columns=columns, where=where,
        )

    @api.model
    def _cs_rebuild(self):
        """Count every month again (installation, upgrade)."""
        self.env["cs.ticket.sla"].flush_model()
        self.env.cr.execute("DELETE FROM cs_ticket_sla_month")
        self.env.cr.execute(self._cs_count_sql(SQL("TRUE")))
        self.env.cr.execute("DELETE FROM cs_ticket_sla_month_change")
        self.env["ir.config_parameter"].sudo().set_param(BUILT_PARAMETER, "1")

    @api.model
    def _cs_is_built(self):
        return bool(self.env["ir.config_parameter"].sudo().get_param(BUILT_PARAMETER))

    @api.model
    def _cron_refresh(self, months_per_run=12):
        """Count again the months whose clocks changed, oldest changes first,
        at most ``months_per_run`` months per run; the rest is left to the
        next run (reported to the scheduler)."""
        if not self._cs_is_built():
            self._cs_rebuild()
            return
        self.env["cs.ticket.sla"].flush_model()
        cr = self.env.cr
        cr.execute("SELECT start_month, array_agg(id) FROM cs_ticket_sla_month_change "
                   "GROUP BY start_month ORDER BY min(id)")
        changed = cr.fetchall()
        done = changed[:months_per_run]
        if done:
            months = [month for month, _ids in done]
            cr.execute("DELETE FROM cs_ticket_sla_month WHERE start_month = ANY(%s)", [months])
            cr.execute(self._cs_count_sql(SQL("start_month = ANY(%s)", months)))
            # Only the changes this transaction saw: those committed meanwhile
            # keep their month read from the clocks until the next run.
            cr.execute("DELETE FROM cs_ticket_sla_month_change WHERE id = ANY(%s)",
                       [[change_id for _month, ids in done for change_id in ids]])
        self.env["ir.cron"]._commit_progress(len(done), remaining=len(changed) - len(done))
