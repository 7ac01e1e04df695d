from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import lifecycle, portal_files
from ..engine.settings import NUMERIC_SETTINGS
from .cs_agent_skill import SKILL_LEVEL_SELECTION


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_onboarding_days = fields.Integer(
        string="Onboarding Lasts (days)",
        config_parameter="customer_success_sla.onboarding_days",
        default=lifecycle.DEFAULT_ONBOARDING_DAYS,
    )
    cs_adoption_days = fields.Integer(
        string="Mature After (days)",
        config_parameter="customer_success_sla.adoption_days",
        default=lifecycle.DEFAULT_ADOPTION_DAYS,
    )

    cs_reopen_days = fields.Integer(
        string="Customers May Reopen For (days)", default=7,
        config_parameter="customer_success_sla.reopen_days",
    )
    cs_portal_attachment_max_mb = fields.Integer(
        string="Largest File (MB)", default=portal_files.DEFAULT_MAX_MB,
        config_parameter="customer_success_sla.portal_attachment_max_mb",
    )
    cs_portal_attachment_forbidden_extensions = fields.Char(
        string="Refused File Types", default=portal_files.DEFAULT_FORBIDDEN_EXTENSIONS,
        config_parameter="customer_success_sla.portal_attachment_forbidden_extensions",
        help="File extensions customers may not attach, separated by commas.",
    )
    cs_min_level_l1 = fields.Selection(
        SKILL_LEVEL_SELECTION, string="L1 Tickets Need", default="junior",
        config_parameter="customer_success_sla.min_level_l1",
    )
    cs_min_level_l2 = fields.Selection(
        SKILL_LEVEL_SELECTION, string="L2 Tickets Need", default="intermediate",
        config_parameter="customer_success_sla.min_level_l2",
    )
    cs_min_level_l3 = fields.Selection(
        SKILL_LEVEL_SELECTION, string="L3 Tickets Need", default="senior",
        config_parameter="customer_success_sla.min_level_l3",
    )

    @api.constrains("cs_reopen_days", "cs_portal_attachment_max_mb", "cs_onboarding_days", "cs_adoption_days")
    def _check_cs_numeric_settings(self):
        """Bounds of the numeric settings, as the system parameters check them."""
        Parameter = self.env["ir.config_parameter"]
        for settings in self:
            for name, field in settings._fields.items():
                if getattr(field, "config_parameter", None) in NUMERIC_SETTINGS:
                    Parameter._cs_check_setting(field.config_parameter, settings[name])

    @api.constrains("cs_onboarding_days", "cs_adoption_days")
    def _check_cs_lifecycle_days(self):
        """The order of the lifecycle periods; their bounds are checked with
        the other numeric settings."""
        for settings in self:
            if settings.cs_adoption_days <= settings.cs_onboarding_days:
                raise ValidationError(self.env._(
                    "Accounts become mature after their onboarding: the number of days "
                    "before maturity must be greater than the onboarding days."
                ))
