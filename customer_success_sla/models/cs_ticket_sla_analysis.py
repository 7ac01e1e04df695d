from odoo import api, models
from odoo.fields import Domain
from odoo.orm.models import parse_read_group_spec
from odoo.tools import SQL

from .cs_ticket_sla_month import DIMENSIONS, TRACKED_FIELDS

# Aggregates the monthly rows answer exactly, as SQL over their counts.
MONTHLY_AGGREGATES = {
    "__count": "COALESCE(SUM(%(t)s.clock_count), 0)",
    "success_rate:avg": "SUM(%(t)s.success_sum) / NULLIF(SUM(%(t)s.success_count), 0)",
    "success_rate:sum": "SUM(%(t)s.success_sum)",
}
MONTHLY_SOURCE = "cs_monthly_source"


class MonthlySource(tuple):
    """The months read from the clocks, as the context value that switches a
    read to the monthly rows: a Python object, so that no JSON-RPC call can
    set it."""


class CsTicketSla(models.Model):
    """SLA Analysis from the monthly figures (``cs.ticket.sla.month``).

    A grouping of clocks that only groups, filters and sorts by the monthly
    rows' columns and asks for counts and Met (%) reads, in place of the
    clocks table, the monthly rows of the months whose clocks did not change
    since they were counted, plus the clocks of the months that did. Odoo's
    own ``_read_group`` does the rest (groups, order, access rules, formats)
    on that union, whose columns bear the clocks' names. Any other grouping
    reads the clocks.

    Every change of a counted column marks its month as changed: writes and
    recomputations (``_write_multi``, which flushes them), inserts and
    deletions, and the deletion of tickets and targets (their clocks go by
    cascade). Deleted tiers, teams, agents and policies change the monthly
    rows by the same foreign keys as the clocks.
    """

    _inherit = "cs.ticket.sla"

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------

    @property
    def _table_sql(self):
        source = self.env.context.get(MONTHLY_SOURCE)
        if not isinstance(source, MonthlySource):
            return super()._table_sql
        columns = SQL(", ").join(SQL.identifier(name) for name in DIMENSIONS)
        return SQL(
            """(SELECT %(columns)s, clock_count, success_sum, success_count
                  FROM cs_ticket_sla_month WHERE NOT (start_month = ANY(%(changed)s))
                UNION ALL
                SELECT %(columns)s, 1, success_rate, (success_rate IS NOT NULL)::int
                  FROM cs_ticket_sla WHERE start_month = ANY(%(changed)s))""",
            columns=columns, changed=list(source),
        )

    def _read_group_select(self, aggregate_spec, query):
        if isinstance(self.env.context.get(MONTHLY_SOURCE), MonthlySource):
            return SQL(MONTHLY_AGGREGATES[aggregate_spec] % {"t": '"%s"' % query.table})
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        monthly = self._cs_monthly_reader(domain, [groupby], aggregates, order, having)
        return super(CsTicketSla, monthly)._read_group(domain, groupby, aggregates, having, offset, limit, order)

    @api.model
    def _read_grouping_sets(self, domain, grouping_sets, aggregates=(), order=None):
        monthly = self._cs_monthly_reader(domain, grouping_sets, aggregates, order)
        return super(CsTicketSla, monthly)._read_grouping_sets(domain, grouping_sets, aggregates, order)

    @api.model
    def _cs_monthly_reader(self, domain, grouping_sets, aggregates, order, having=()):
        """This model reading the monthly rows, when they answer the request
        exactly; else itself."""
        if (isinstance(self.env.context.get(MONTHLY_SOURCE), MonthlySource)
                or self.env.context.get("cs_sla_from_clocks")
                or having or not self._cs_monthly_answers(domain, grouping_sets, aggregates, order)
                or not self.env["cs.ticket.sla.month"]._cs_is_built()):
            return self
        # Pending changes first: they mark their months as changed.
        self.flush_model()
        # The distinct months, one index probe each: the table holds one row
        # per change until the next refresh.
        self.env.cr.execute("""
            WITH RECURSIVE month AS (
                (SELECT start_month FROM cs_ticket_sla_month_change ORDER BY start_month LIMIT 1)
                UNION ALL
                SELECT (SELECT change.start_month FROM cs_ticket_sla_month_change change
                         WHERE change.start_month > month.start_month ORDER BY change.start_month LIMIT 1)
                  FROM month WHERE month.start_month IS NOT NULL
            )
            SELECT start_month FROM month WHERE start_month IS NOT NULL
        """)
        changed = [month for month, in self.env.cr.fetchall()]
        return self.with_context(**{MONTHLY_SOURCE: MonthlySource(changed)})

    @api.model
    def _cs_monthly_answers(self, domain, grouping_sets, aggregates, order):
        if not aggregates or any(spec not in MONTHLY_AGGREGATES for spec in aggregates):
            return False
        specs = [spec for groupby in grouping_sets for spec in groupby]
        for spec in specs:
            fname, property_name, granularity = parse_read_group_spec(spec)
            if fname not in DIMENSIONS or property_name or (granularity and fname != "start_month"):
                return False
        if order:
            terms = [term.strip().split()[0] for term in order.split(",") if term.strip()]
            if any(term not in specs and term not in aggregates for term in terms):
                return False
        rules = self.env["ir.rule"]._compute_domain(self._name, "read")
        conditions = [*Domain(domain).iter_conditions(), *Domain(rules).iter_conditions()]
        return all(condition.field_expr.split(".")[0] in DIMENSIONS for condition in conditions)

    # ------------------------------------------------------------------
    # Marking changed months
    # ------------------------------------------------------------------

    @api.model
    def _cs_mark_months(self, months):
        months = sorted({month for month in months if month})
        if months:
            self.env.cr.execute(
                "INSERT INTO cs_ticket_sla_month_change (start_month) SELECT unnest(%s::date[])", [months])

    @api.model
    def _cs_mark_months_of(self, column, ids):
        """Mark the months of the clocks whose ``column`` is in ``ids``."""
        if ids:
            self.env.cr.execute(SQL(
                """INSERT INTO cs_ticket_sla_month_change (start_month)
                   SELECT DISTINCT start_month FROM cs_ticket_sla
                    WHERE %s = ANY(%s) AND start_month IS NOT NULL""",
                SQL.identifier(column), list(ids)))

    def _write_multi(self, vals_list):
        changed = set().union(*vals_list) & TRACKED_FIELDS
        if changed:
            self._cs_mark_months_of("id", self.ids)
        super()._write_multi(vals_list)
        if "start_month" in changed:
            self._cs_mark_months_of("id", self.ids)

    @api.model_create_multi
    def create(self, vals_list):
        clocks = super().create(vals_list)
        self._cs_mark_months(clocks.mapped("start_month"))
        return clocks

    @api.model
    def _cs_insert(self, vals_list):
        clocks = super()._cs_insert(vals_list)
        self._cs_mark_months(vals.get("start_month") for vals in vals_list)
        return clocks

    def unlink(self):
        self._cs_mark_months_of("id", self.ids)
        return super().unlink()


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def unlink(self):
        # Their clocks go by cascade, without the ORM.
        self.env["cs.ticket.sla"]._cs_mark_months_of("ticket_id", self.ids)
        return super().unlink()


class CsSlaTarget(models.Model):
    _inherit = "cs.sla.target"

    def unlink(self):
        self.env["cs.ticket.sla"]._cs_mark_months_of("target_id", self.ids)
        return super().unlink()
