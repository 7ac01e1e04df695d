from odoo import api, models


class HelpdeskTicket(models.Model):
    """Batches of tickets at a cost that does not grow per ticket more than
    it must: ``helpdesk_mgmt`` looks up the ticket sequence and the team's
    first stage once per ticket of a batch (and the applicable stages again
    whenever an assignment recomputes the stage); here once per company and
    team of the batch, with the same results."""

    _inherit = "helpdesk.ticket"

    @api.model_create_multi
    def create(self, vals_list):
        Team = self.env["helpdesk.ticket.team"]
        first_stages, sequences = {}, {}
        for vals in vals_list:
            team = Team.browse(vals["team_id"]) if vals.get("team_id") else Team
            if team and "stage_id" not in vals:
                if team not in first_stages:
                    first_stages[team] = team._get_applicable_stages()[:1].id
                vals["stage_id"] = first_stages[team]
            if vals.get("number", "/") == "/":
                # As helpdesk_mgmt: the sequence of the company given, else the user's.
                company_id = vals.get("company_id") or self.env.company.id
                if company_id not in sequences:
                    sequences[company_id] = self._cs_ticket_sequence(company_id)
                if sequences[company_id]:
                    vals["number"] = sequences[company_id]._next()
        return super().create(vals_list)

    @api.model
    def _cs_ticket_sequence(self, company_id):
        """The sequence ``ir.sequence.next_by_code`` would draw ticket numbers
        from for ``company_id`` (with the same access check)."""
        Sequence = self.env["ir.sequence"].with_company(company_id)
        Sequence.browse().check_access("read")
        return Sequence.search(
            [("code", "=", "helpdesk.ticket.sequence"), ("company_id", "in", [company_id, False])],
            order="company_id", limit=1,
        )

    @api.depends("team_id")
    def _compute_stage_id(self):
        applicable = {}
        for ticket in self:
            team = ticket.team_id
            if team not in applicable:
                applicable[team] = team._get_applicable_stages()
            if ticket.stage_id not in applicable[team]:
                ticket.stage_id = applicable[team][:1]
