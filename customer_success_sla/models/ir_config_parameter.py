from odoo import api, models
from odoo.exceptions import ValidationError

from ..engine.settings import NUMERIC_SETTINGS, parse_setting


class IrConfigParameter(models.Model):
    """The addon's numeric settings are checked wherever they are written:
    the settings form, or system parameters directly."""

    _inherit = "ir.config_parameter"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._cs_check_setting(vals.get("key"), vals.get("value"))
        return super().create(vals_list)

    def write(self, vals):
        for parameter in self:
            self._cs_check_setting(vals.get("key", parameter.key), vals.get("value", parameter.value))
        return super().write(vals)

    @api.model
    def _cs_check_setting(self, key, value):
        if key in NUMERIC_SETTINGS and parse_setting(key, value) is None:
            low, high = NUMERIC_SETTINGS[key]
            raise ValidationError(self.env._(
                "%(setting)s must be a whole number from %(low)s to %(high)s; %(value)s is not.",
                setting=self._cs_setting_label(key), low=low, high=high, value=repr(value),
            ))

    @api.model
    def _cs_setting_label(self, key):
        """The setting's name as the settings form shows it, else its key."""
        for field in self.env["res.config.settings"]._fields.values():
            if getattr(field, "config_parameter", None) == key:
                return field._description_string(self.env)
        return key
