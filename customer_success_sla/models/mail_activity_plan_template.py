from odoo import fields, models
from odoo.tools import sql


class MailActivityPlanTemplate(models.Model):
    """A plan step's summary and note translatable, as an activity type's
    default summary and note are: the activities a plan schedules are read
    in the language of the user they are assigned to."""

    _inherit = "mail.activity.plan.template"

    summary = fields.Char(translate=True)
    note = fields.Html(translate=True)

    def _auto_init(self):
        self._cs_convert_translated_columns()
        return super()._auto_init()

    def _cs_convert_translated_columns(self):
        """Odoo recomputes a stored computed field on every row when it converts
        its column, which would replace each step's summary and note by its
        activity type's defaults: the columns are converted first, their
        values kept as the English text."""
        cr = self.env.cr
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND column_name IN ('summary', 'note') AND udt_name != 'jsonb'",
            [self._table],
        )
        for (name,) in cr.fetchall():
            sql.convert_column_translatable(cr, self._table, name, "jsonb")
