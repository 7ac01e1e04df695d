from odoo import fields, models

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
        "res.users", string="Last Assigned", readonly=True, copy=False,
        help="Where round-robin resumes.",
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
