from odoo import fields, models


class CsTier(models.Model):
    """What a tier says about account health: its scoring profile, its
    periodic reviews and how often its accounts get a service report."""

    _inherit = "cs.tier"

    health_profile_id = fields.Many2one(
        "cs.health.profile", string="Health Profile",
        help="Weights and thresholds of this tier's health score. Empty: the default profile.")
    inspection_interval_days = fields.Integer(
        string="Health Inspection Every (days)", default=0,
        help="Mature accounts get the health inspection playbook this often; 0: never.")
    business_review_interval_days = fields.Integer(
        string="Business Review Every (days)", default=0,
        help="Mature accounts get the business review playbook this often; 0: never.")
    service_report_frequency = fields.Selection(
        [("none", "Never"), ("weekly", "Weekly"), ("monthly", "Monthly")],
        string="Service Report", default="monthly", required=True,
        help="How often the account's main contacts receive the service report (PDF).")

    _review_intervals_positive = models.Constraint(
        "CHECK(inspection_interval_days >= 0 AND business_review_interval_days >= 0)",
        "Review intervals cannot be negative.",
    )

    def _cs_health_profile(self):
        """The tier's profile; the default one for a tier without profile, or no tier."""
        return self[:1].health_profile_id or self.env["cs.health.profile"]._cs_default()
