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
        if not key or not key.startswith("customer_success_sla."):
            return
        field = self._cs_setting_field(key)
        label = field._description_string(self.env) if field else key
        if key in NUMERIC_SETTINGS and parse_setting(key, value) is None:
            low, high = NUMERIC_SETTINGS[key]
            raise ValidationError(self.env._(
                "%(setting)s must be a whole number from %(low)s to %(high)s; %(value)s is not.",
                setting=label, low=low, high=high, value=repr(value),
            ))
        if field and field.type == "selection" and value not in field.get_values(self.env):
            raise ValidationError(self.env._(
                "%(value)s is not a valid value for %(setting)s. Valid values: %(choices)s.",
                value=repr(value), setting=label,
                choices=", ".join(f"{k} ({v})" for k, v in field._description_selection(self.env)),
            ))

    @api.model
    def _cs_setting_field(self, key):
        """The settings form's field for the parameter ``key``, if any."""
        for field in self.env["res.config.settings"]._fields.values():
            if getattr(field, "config_parameter", None) == key:
                return field
        return None
