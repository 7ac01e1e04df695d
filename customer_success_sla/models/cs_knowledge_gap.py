from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import knowledge

GAP_WINDOW_DAYS = 90
GAP_MIN_TICKETS = 3


class CsKnowledgeGap(models.TransientModel):
    """Knowledge gaps: ticket categories and searched terms with many
    tickets and no helpful article, computed on demand."""

    _name = "cs.knowledge.gap"
    _description = "Knowledge Gap"
    _order = "ticket_count desc, id"

    kind = fields.Selection([("category", "Ticket Category"), ("term", "Searched Term")], required=True)
    name = fields.Char(string="Topic", required=True)
    category_id = fields.Many2one("helpdesk.ticket.category")
    ticket_count = fields.Integer(string="Tickets")
    helpful_count = fields.Integer(string="Helpful Votes / Deflections")

    @api.model
    def _cs_gap_values(self):
        since = fields.Datetime.subtract(fields.Datetime.now(), days=GAP_WINDOW_DAYS)
        Ticket = self.env["helpdesk.ticket"]
        Article = self.env["cs.knowledge.article"]
        Deflection = self.env["cs.knowledge.deflection"]
        tickets = dict(Ticket._read_group(
            [("create_date", ">=", since), ("category_id", "!=", False)], ["category_id"], ["__count"]))
        helpful = dict(Article._read_group(
            [("state", "=", "published"), ("category_ids", "in", [c.id for c in tickets])],
            ["category_ids"], ["helpful_count:sum"]))
        values = [
            {"kind": "category", "name": category.display_name, "category_id": category.id,
             "ticket_count": count, "helpful_count": votes}
            for category, count, votes in knowledge.knowledge_gaps(tickets, helpful, GAP_MIN_TICKETS)
        ]
        recent = Domain("create_date", ">=", since)
        searched = Deflection._read_group(recent & Domain("ticket_id", "!=", False), ["query"], ["ticket_id:count_distinct"])
        deflected = dict(Deflection._read_group(recent & Domain("deflected", "=", True), ["query"], ["__count"]))
        values += [
            {"kind": "term", "name": term, "ticket_count": count, "helpful_count": votes}
            for term, count, votes in knowledge.knowledge_gaps(
                {term: count for term, count in searched if term}, deflected, GAP_MIN_TICKETS)
        ]
        return values

    @api.model
    def action_cs_open_gaps(self):
        self.search([("create_uid", "=", self.env.uid)]).unlink()
        self.create(self._cs_gap_values())
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Knowledge Gaps"),
            "res_model": self._name,
            "view_mode": "list",
            "domain": [("create_uid", "=", self.env.uid)],
        }
