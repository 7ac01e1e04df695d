import math
from collections import defaultdict

from odoo import api, models, tools
from odoo.exceptions import ValidationError

MODULE = "customer_success_sla"
CHECKED_TYPES = ("selection", "many2one", "many2many", "float", "integer")
MAX_INTEGER = 2**31 - 1  # PostgreSQL integer column


class CsInputCheck(models.AbstractModel):
    """Values of this addon's fields checked before the ORM stores them.

    Without it, an unknown selection key, the id of a missing record or a
    number the database cannot hold ends in a technical error ("Wrong value
    for…", a foreign-key violation read as "Another model is using the
    record…", a traceback) instead of a message the user can act on.
    """

    _name = "cs.input.check"
    _description = "Customer Success Input Check"

    @api.model
    def _cs_checked_fields(self):
        """The fields this addon defines and users may set (not those it computes)."""
        return {name: self._fields[name] for name in self._cs_checked_field_names()}

    @api.model
    @tools.ormcache()
    def _cs_checked_field_names(self):
        """Names of ``_cs_checked_fields``, found once per model and registry
        (the cache is keyed by model name and cleared when the registry is
        set up again) instead of walking every field on each create and write."""
        return tuple(
            name
            for name, field in self._fields.items()
            if field._module == MODULE and field.type in CHECKED_TYPES and field.store
            and name not in models.MAGIC_COLUMNS
            and not field.related and not (field.compute and field.readonly)
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_check_input(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._cs_check_input([vals])
        return super().write(vals)

    @api.model
    def _cs_check_input(self, vals_list):
        fields_by_name = self._cs_checked_fields()
        wanted_ids = defaultdict(set)  # field name: record ids to find
        for vals in vals_list:
            for name in fields_by_name.keys() & vals.keys():
                field, value = fields_by_name[name], vals[name]
                if field.type == "selection":
                    self._cs_check_selection(field, value)
                elif field.type in ("float", "integer"):
                    self._cs_check_number(field, value)
                elif field.type == "many2one":
                    wanted_ids[name].update(self._cs_record_ids(field, [value] if value else []))
                else:
                    wanted_ids[name].update(self._cs_record_ids(field, self._cs_linked_ids(value)))
        for name, ids in wanted_ids.items():
            field = fields_by_name[name]
            # sudo: existence only; reading the records stays under the user's rights.
            missing = ids - set(self.env[field.comodel_name].sudo().browse(ids).exists().ids)
            if missing:
                raise ValidationError(self.env._(
                    "%(field)s: there is no %(model)s with id %(ids)s (it may have been deleted).",
                    field=field._description_string(self.env),
                    model=self.env["ir.model"].sudo()._get(field.comodel_name).name,
                    ids=", ".join(str(record_id) for record_id in sorted(missing)),
                ))

    def _cs_check_selection(self, field, value):
        if not value or value in field.get_values(self.env):
            return
        choices = ", ".join(f"{key} ({label})" for key, label in field._description_selection(self.env))
        raise ValidationError(self.env._(
            "%(value)s is not a valid value for %(field)s. Valid values: %(choices)s.",
            value=repr(value), field=field._description_string(self.env), choices=choices,
        ))

    def _cs_check_number(self, field, value):
        if value is False or value is None:
            return
        try:
            number = float(value)  # the ORM also takes numbers as strings
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or (field.type == "integer" and abs(number) > MAX_INTEGER):
            raise ValidationError(self.env._(
                "%(value)s is not a valid number for %(field)s.",
                value=repr(value), field=field._description_string(self.env),
            ))

    def _cs_record_ids(self, field, values):
        ids = set()
        for value in values:
            if isinstance(value, tuple) and value:
                value = value[0]  # (id, name), as the ORM accepts it
            if isinstance(value, models.BaseModel):
                ids.update(value.ids)
            elif isinstance(value, int) and not isinstance(value, bool) and value > 0:
                ids.add(value)
            else:
                raise ValidationError(self.env._(
                    "%(field)s expects the id of a record, not %(value)s.",
                    field=field._description_string(self.env), value=repr(value),
                ))
        return ids

    @staticmethod
    def _cs_linked_ids(commands):
        """The ids that x2many ``commands`` link (SET and LINK commands)."""
        if isinstance(commands, models.BaseModel):
            return [commands]
        linked = []
        for command in commands or ():
            if isinstance(command, (list, tuple)) and command:
                if command[0] == 6 and len(command) > 2:
                    linked.extend(command[2] or ())
                elif command[0] == 4 and len(command) > 1:
                    linked.append(command[1])
            elif not isinstance(command, (list, tuple)):
                linked.append(command)
        return linked
