from odoo import fields, models
from odoo.tools import SQL

ASSIGNMENT_METHOD_SELECTION = [
    ("balanced", "Skills and Load"),
    ("round_robin", "Round-Robin"),
    ("off", "Manual"),
]


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    cs_assignment_method = fields.Selection(
        ASSIGNMENT_METHOD_SELECTION,
        string="Assignment",
        default="balanced",
        required=True,
        help="Skills and Load: the qualified, available member with the lightest "
        "priority-weighted load, ties in turn. Round-Robin: qualified members in "
        "turn. Manual: tickets wait in the team queue.",
    )
    cs_last_assigned_user_id = fields.Many2one(
        "res.users", string="Last Assigned", compute="_compute_cs_last_assigned_user_id",
        # read by raw SQL across the team's tickets, whatever the reader may see
        groups="base.group_user",
        help="Where round-robin resumes: the agent of the team's latest automatic assignment.",
    )
    cs_rating_enabled = fields.Boolean(
        string="Ask for Ratings", default=True,
        help="Closing a ticket sends the rating request of its closed stage.",
    )
    cs_send_acknowledgement = fields.Boolean(
        string="Acknowledge New Tickets",
        default=True,
        help="Send the customer the ticket number and the first-response deadline.",
    )

    def _compute_cs_last_assigned_user_id(self):
        last = self._cs_last_routed_users()
        for team in self:
            team.cs_last_assigned_user_id = last.get(team.id, False)

    def _cs_last_routed_users(self):
        """{team id: user id} of each team's latest automatic assignment, in one query."""
        if not self.ids:
            return {}
        Ticket = self.env["helpdesk.ticket"]
        rows = self.env.execute_query(SQL(
            """SELECT DISTINCT ON (team_id) team_id, cs_routed_user_id
                 FROM helpdesk_ticket
                WHERE team_id IN %s AND cs_routed_user_id IS NOT NULL
             ORDER BY team_id, cs_routed_date DESC, id DESC""",
            tuple(self.ids),
            to_flush=[Ticket._fields["team_id"], Ticket._fields["cs_routed_user_id"],
                      Ticket._fields["cs_routed_date"]],
        ))
        return dict(rows)
