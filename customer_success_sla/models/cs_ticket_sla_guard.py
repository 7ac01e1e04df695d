from odoo import api, models
from odoo.exceptions import AccessError


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
