import hashlib

from odoo import api, fields, models

from ..engine import knowledge


class CsKnowledgeDeflection(models.Model):
    """A customer, about to file a ticket on the portal, opened a suggested
    article: deflected when no ticket followed from the same session."""

    _name = "cs.knowledge.deflection"
    _description = "Knowledge Deflection"
    _order = "id desc"

    query = fields.Char(string="Searched Text", readonly=True)
    article_id = fields.Many2one("cs.knowledge.article", string="Opened Article", readonly=True,
                                 ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index="btree_not_null")
    session_key = fields.Char(readonly=True, index=True, help="Hash of the portal session.")
    ticket_id = fields.Many2one("helpdesk.ticket", string="Ticket Filed Anyway", readonly=True,
                                ondelete="set null")
    deflected = fields.Boolean(compute="_compute_deflected", store=True)

    @api.depends("article_id", "ticket_id")
    def _compute_deflected(self):
        for row in self:
            row.deflected = knowledge.is_deflected(row.article_id.ids, ticket_filed=bool(row.ticket_id))

    @api.model
    def _cs_session_key(self, sid):
        """A portal session as stored here: hashed, never the session id itself."""
        return hashlib.sha256(sid.encode()).hexdigest()[:32] if sid else False

    @api.model
    def _cs_link_ticket(self, session_key, ticket):
        """The customer filed ``ticket`` after all: their recent article
        openings did not deflect it."""
        if not session_key:
            return
        rows = self.sudo().search([
            ("session_key", "=", session_key), ("ticket_id", "=", False),
            ("create_date", ">=", fields.Datetime.subtract(fields.Datetime.now(), hours=2)),
        ])
        rows.write({"ticket_id": ticket.id})
