from odoo import api, fields, models

# States a problem reaches once its cause is known.
IDENTIFIED_STATES = ("identified", "monitoring", "resolved")
HOUR = 3600.0


class CsProblem(models.Model):
    """When a problem's cause was found, and how long finding and fixing it
    took: the figures the KPI dashboard, the monthly review and the account
    service report average."""

    _inherit = "cs.problem"

    identified_date = fields.Datetime(
        string="Identified On", readonly=True, copy=False, index=True,
        help="When the problem first reached Identified, Monitoring or Resolved.")
    identify_hours = fields.Float(
        string="Hours to Identify", compute="_compute_measure_hours", store=True, aggregator="avg",
        digits=(16, 2), help="From the problem's creation to its identification; 0 while not identified.")
    resolve_hours = fields.Float(
        string="Hours to Resolve", compute="_compute_measure_hours", store=True, aggregator="avg",
        digits=(16, 2), help="From the problem's creation to its resolution; 0 while not resolved.")

    @api.depends("create_date", "identified_date", "resolved_date")
    def _compute_measure_hours(self):
        for problem in self:
            start = problem.create_date
            problem.identify_hours = (
                max(0.0, (problem.identified_date - start).total_seconds() / HOUR)
                if start and problem.identified_date else 0.0)
            problem.resolve_hours = (
                max(0.0, (problem.resolved_date - start).total_seconds() / HOUR)
                if start and problem.resolved_date else 0.0)

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("state") in IDENTIFIED_STATES and not vals.get("identified_date"):
                vals["identified_date"] = now
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("state") in IDENTIFIED_STATES and "identified_date" not in vals:
            first = self.filtered(lambda problem: not problem.identified_date)
            if first:
                # identified now: the first time only, whatever the later moves
                super(CsProblem, first).write({"identified_date": vals.get("resolved_date") or fields.Datetime.now()})
        return super().write(vals)
