from odoo import api, fields, models
from odoo.fields import Domain

# ``closed`` is helpdesk_mgmt's related field on the stage: searched as is, PostgreSQL
# gets ``stage_id IS NULL OR stage_id NOT IN (SELECT … closed)`` and reads every
# ticket to keep the open ones. With the ids of the stages written out it
# estimates from its statistics how few tickets are open and reads them
# from the stage index (bench/scale_bench.py: a million tickets).
CLOSED_PATHS = ("closed", "stage_id.closed")


class HelpdeskTicket(models.Model):
    """What a helpdesk of a million tickets needs to read fast: the indexes
    of its screens and the open/closed filter written with stage ids."""

    _inherit = "helpdesk.ticket"

    # the portal's ticket list and the partner form read a customer's tickets
    partner_id = fields.Many2one(index="btree_not_null")
    # the ticket form reads the ticket's duplicates (helpdesk_mgmt's duplicate_ids): almost all empty
    duplicate_id = fields.Many2one(index="btree_not_null")
    # "search by text" is ILIKE '%…%' on the title and the number
    name = fields.Char(index="trigram")
    number = fields.Char(index="trigram")

    # The list in the model's order (priority desc, sequence, number desc, id desc),
    # whole and per stage (kanban columns, open or closed tickets).
    _cs_list_order_idx = models.Index("(priority DESC, sequence, number DESC, id DESC)")
    _cs_stage_list_order_idx = models.Index("(stage_id, priority DESC, sequence, number DESC, id DESC)")
    # the routing load: open tickets per agent and priority, from the index alone
    _cs_agent_load_idx = models.Index("(user_id, stage_id, priority)")

    @api.model
    def _search(self, domain, *args, **kwargs):
        return super()._search(self._cs_stage_ids_domain(domain), *args, **kwargs)

    @api.model
    def _cs_stage_ids_domain(self, domain):
        """``domain`` with its conditions on ``closed`` (or ``stage_id.closed``)
        written as conditions on the ids of the open or closed stages."""
        domain = Domain(domain)
        if not any(condition.field_expr in CLOSED_PATHS for condition in domain.iter_conditions()):
            return domain
        stages = self.env["helpdesk.ticket.stage"].sudo().with_context(active_test=False).search_fetch(
            [], ["closed"])
        closed_ids = stages.filtered("closed").ids
        open_ids = (stages - stages.filtered("closed")).ids

        def rewrite(condition):
            if condition.field_expr not in CLOSED_PATHS or condition.operator not in ("=", "!=", "in", "not in"):
                return condition
            values = condition.value if condition.operator in ("in", "not in") else [condition.value]
            if not all(isinstance(value, bool) or value is None for value in values):
                return condition
            wanted = {bool(value) for value in values}
            if condition.operator in ("!=", "not in"):
                wanted = {True, False} - wanted
            parts = []
            if True in wanted:
                parts.append(Domain("stage_id", "in", closed_ids))
            if False in wanted:
                # a ticket without a stage is not closed
                parts.append(Domain("stage_id", "in", open_ids) | Domain("stage_id", "=", False))
            return Domain.OR(parts) if parts else Domain.FALSE

        return domain.map_conditions(rewrite)
