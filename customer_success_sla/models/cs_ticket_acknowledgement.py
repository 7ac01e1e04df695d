from odoo import api, fields, models

BATCH_SIZE = 50


class CsTicketAcknowledgement(models.Model):
    """Tickets whose acknowledgement is still to be sent.

    Rendering the acknowledgement (the knowledge suggestions for the ticket's
    text, the mail template, the notification mail) is the larger half of
    what filing a ticket costs. A customer filing on the portal, or the mail
    gateway, waits for none of it: the ticket is queued here and the
    scheduled action, woken at once (``ir.cron`` trigger), sends the queue
    in batches. The mail itself was never sent inside the request: it waits
    in Odoo's mail queue either way.
    """

    _name = "cs.ticket.acknowledgement"
    _description = "Ticket Acknowledgement to Send"
    _order = "id"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, index=True, ondelete="cascade")

    @api.model
    def _cs_queue(self, tickets):
        """Queue ``tickets`` and wake the scheduled action that sends them."""
        if not tickets:
            return self.browse()
        queued = self.sudo().create([{"ticket_id": ticket.id} for ticket in tickets])
        cron = self.env.ref("customer_success_sla.ir_cron_send_acknowledgements", raise_if_not_found=False)
        if cron:  # absent only while the addon's own data is loading
            cron.sudo()._trigger()
        return queued

    @api.model
    def _cron_send(self, batch_size=BATCH_SIZE):
        """Send the queued acknowledgements, oldest first, one committed
        batch at a time, until the queue is empty or the job's time is up
        (the scheduler then calls it again)."""
        queue = self.sudo()
        while True:
            batch = queue.search([], limit=batch_size)
            if not batch:
                return
            for ticket in batch.ticket_id:
                ticket._cs_send_acknowledgement_or_log()
            batch.unlink()
            if not self.env["ir.cron"]._commit_progress(len(batch), remaining=queue.search_count([])):
                return
