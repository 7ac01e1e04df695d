from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, split_every

# Rows per INSERT statement of ``_cs_insert``.
INSERT_BATCH_SIZE = 1000


class CsSystemRecord(models.AbstractModel):
    """Records that only the addon's own code writes, as superuser: SLA clocks
    and their pending escalations move with what happens on their tickets.
    Nobody creates, changes or deletes them by hand, administrators included
    (their access rights may grant it; this does not)."""

    _name = "cs.system.record"
    _description = "Customer Success System Record"

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_check_system_write()
        return super().create(vals_list)

    def write(self, vals):
        self._cs_check_system_write()
        return super().write(vals)

    def unlink(self):
        self._cs_check_system_write()
        return super().unlink()

    @api.model
    def _cs_insert(self, vals_list):
        """Insert system records given the value of every stored field they
        need (defaults, related and computed fields included), in a few
        multi-row INSERTs, and return them.

        Every ticket opens three or four clocks: going through ``create``
        would cost the ORM's per-record bookkeeping (defaults, one cache
        entry per field, inverse caches) several times per ticket, most of
        the addon's cost of ticket creation. Only the addon's code calls
        this, with complete values; what ``create`` would do after the
        insert and that matters here is done below: dependent computed
        fields (the tickets' SLA status) are marked for recomputation, the
        one2many caches of the linked records are dropped, Python
        constraints run."""
        self._cs_check_system_write()
        if not vals_list:
            return self.browse()
        names = sorted(vals_list[0])
        model_fields = [self._fields[name] for name in names]
        converters = [self._cs_column_converter(field) for field in model_fields]
        now, uid = self.env.cr.now(), self.env.uid
        head = SQL(
            "INSERT INTO %s (%s, create_uid, create_date, write_uid, write_date) VALUES",
            SQL.identifier(self._table), SQL(", ").join(SQL.identifier(name) for name in names),
        )
        row = "(%s)" % ", ".join(["%s"] * (len(names) + 4))
        ids = []
        for batch in split_every(INSERT_BATCH_SIZE, vals_list):
            params = []
            for vals in batch:
                params += [convert(vals[name], vals) for name, convert in zip(names, converters)]
                params += [uid, now, uid, now]
            self.env.cr.execute(SQL("%s %s RETURNING id", head, SQL(", ".join([row] * len(batch)), *params)))
            ids += [row_id for row_id, in self.env.cr.fetchall()]
        records = self.browse(ids)
        for field in model_fields:
            if field.type == "many2one" and self.pool.field_inverses[field]:
                linked = self.env[field.comodel_name].browse({vals[field.name] for vals in vals_list} - {False})
                linked.invalidate_recordset([inverse.name for inverse in self.pool.field_inverses[field]])
        given_computed = [field for field in model_fields if field.compute]
        with self.env.protecting(given_computed, records):
            records.modified(names, create=True)
        records._validate_fields(names)
        return records

    @api.model
    def _cs_column_converter(self, field):
        """How ``_cs_insert`` turns a field's value into its column's: as is
        for the plain types (psycopg2 adapts them), with False as NULL, and
        through the field for the others."""
        if field.type == "boolean":
            return lambda value, vals: bool(value)
        if field.type in ("many2one", "integer", "float", "datetime", "date", "selection", "char"):
            return lambda value, vals: None if value is False else value
        return lambda value, vals: field.convert_to_column_insert(value, self, vals)

    @api.model
    def _cs_check_system_write(self):
        if not self.env.su:
            raise AccessError(self._cs_system_write_refusal())

    @api.model
    def _cs_system_write_refusal(self):
        return self.env._(
            "%(records)s records are kept by the system from what happens on the tickets; "
            "they cannot be created, changed or deleted by hand.",
            records=self.env["ir.model"].sudo()._get(self._name).name,
        )


class CsTicketSla(models.Model):
    _name = "cs.ticket.sla"
    _inherit = ["cs.ticket.sla", "cs.system.record"]

    @api.model
    def _cron_check_sla(self, *args, **kwargs):
        # The sweep moves clocks: as superuser, whichever user the job runs as.
        return super(CsTicketSla, self.sudo())._cron_check_sla(*args, **kwargs)


class CsTicketSlaEscalation(models.Model):
    _name = "cs.ticket.sla.escalation"
    _inherit = ["cs.ticket.sla.escalation", "cs.system.record"]
