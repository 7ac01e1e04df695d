from odoo import api, fields, models

from ..engine import triage

TRIAGE_SETTING_FIELDS = (
    "cs_triage_category_threshold", "cs_triage_priority_threshold", "cs_triage_team_threshold",
    "cs_triage_min_samples", "cs_triage_min_per_class", "cs_triage_min_high_share", "cs_triage_min_high_accuracy",
)


class ResConfigSettings(models.TransientModel):
    """Intelligent triage: confidence thresholds per field, the data and
    quality bars that switch the model on, and why it is off."""

    _inherit = "res.config.settings"

    cs_triage_category_threshold = fields.Float(
        string="Apply Category From", default=triage.DEFAULT_THRESHOLD,
        config_parameter="customer_success_sla.triage_category_threshold",
        help="Confidence (0-1) from which a predicted category is applied; below, it is only suggested.")
    cs_triage_priority_threshold = fields.Float(
        string="Apply Priority From", default=triage.DEFAULT_THRESHOLD,
        config_parameter="customer_success_sla.triage_priority_threshold")
    cs_triage_team_threshold = fields.Float(
        string="Apply Team From", default=triage.DEFAULT_THRESHOLD,
        config_parameter="customer_success_sla.triage_team_threshold")
    cs_triage_min_samples = fields.Integer(
        string="Solved Tickets Needed", default=triage.DEFAULT_MIN_SAMPLES,
        config_parameter="customer_success_sla.triage_min_samples")
    cs_triage_min_per_class = fields.Integer(
        string="Tickets per Value Needed", default=triage.DEFAULT_MIN_PER_CLASS,
        config_parameter="customer_success_sla.triage_min_per_class")
    cs_triage_min_high_share = fields.Float(
        string="High-Confidence Share Needed", default=triage.DEFAULT_MIN_HIGH_SHARE,
        config_parameter="customer_success_sla.triage_min_high_share")
    cs_triage_min_high_accuracy = fields.Float(
        string="High-Confidence Accuracy Needed", default=triage.DEFAULT_MIN_HIGH_ACCURACY,
        config_parameter="customer_success_sla.triage_min_high_accuracy")
    cs_triage_status = fields.Text(string="Triage Status", compute="_compute_cs_triage_status")

    def _compute_cs_triage_status(self):
        model = self.env["cs.triage.model"].sudo().search([], limit=1)
        if not model:
            status = self.env._("No model trained yet: it is trained every week, or now from Triage Models.")
        elif model.active_model:
            status = self.env._("On: %(fields)s predicted on new tickets (category accuracy %(accuracy)s%%).",
                                fields=model.enabled_fields, accuracy=round(model.accuracy * 100, 1))
        else:
            status = self.env._("Off: %(reason)s", reason=model.off_reason or "")
        for settings in self:
            settings.cs_triage_status = status

    @api.constrains(*TRIAGE_SETTING_FIELDS)
    def _check_cs_triage_settings(self):
        Parameter = self.env["ir.config_parameter"]
        for settings in self:
            for name in TRIAGE_SETTING_FIELDS:
                Parameter._cs_check_setting(self._fields[name].config_parameter, settings[name])
