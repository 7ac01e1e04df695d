from odoo import api, models
from odoo.exceptions import ValidationError

from ..engine import triage


class IrConfigParameter(models.Model):
    """Triage settings: thresholds and quality bars are decimals from 0 to 1,
    the data minimums whole numbers."""

    _inherit = "ir.config_parameter"

    @api.model
    def _cs_check_setting(self, key, value):
        super()._cs_check_setting(key, value)
        if key in triage.FLOAT_SETTINGS and triage.parse_float_setting(key, value) is None:
            field = self._cs_setting_field(key)
            low, high = triage.FLOAT_SETTINGS[key]
            raise ValidationError(self.env._(
                "%(setting)s must be a number from %(low)s to %(high)s; %(value)s is not.",
                setting=field._description_string(self.env) if field else key, low=low, high=high,
                value=repr(value)))
        if key in triage.INT_SETTINGS:
            low, high = triage.INT_SETTINGS[key]
            try:
                number = int(str(value).strip())
            except ValueError:
                number = None
            if number is None or not low <= number <= high:
                field = self._cs_setting_field(key)
                raise ValidationError(self.env._(
                    "%(setting)s must be a whole number from %(low)s to %(high)s; %(value)s is not.",
                    setting=field._description_string(self.env) if field else key, low=low, high=high,
                    value=repr(value)))
