from odoo import api, fields, models
from odoo.fields import Domain
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

    # OCA helpdesk_ticket_partner_response moves a ticket when its customer
    # writes in one of the source stages. On by default here: a customer's
    # answer in a pause stage ("Awaiting") puts the ticket back to work, and
    # the stage change resumes its SLA clocks.
    autoupdate_ticket_stage = fields.Boolean(
        default=True,
        help="When the customer (or a colleague of the same company) replies on a ticket in one of the "
        "source stages, the ticket moves to the destination stage: leaving a pause stage resumes its "
        "SLA clocks.",
    )
    autopupdate_src_stage_ids = fields.Many2many(default=lambda self: self._cs_default_pause_stages())
    autopupdate_dest_stage_id = fields.Many2one(default=lambda self: self._cs_default_work_stage())

    @api.model
    def _cs_default_pause_stages(self):
        """The stages where SLA policies stop the clocks: the customer's turn."""
        # sudo: whoever creates a team may not read the SLA policies
        return self.env["cs.sla.policy"].sudo().search([]).pause_stage_ids

    @api.model
    def _cs_default_work_stage(self):
        """Where a customer's answer puts the ticket: In Progress, else the
        first open stage that pauses no clock."""
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress", raise_if_not_found=False)
        pause_stages = self._cs_default_pause_stages()
        if stage and stage.active and not stage.closed and stage not in pause_stages:
            return stage
        return self.env["helpdesk.ticket.stage"].search(
            Domain("closed", "=", False) & Domain("id", "not in", pause_stages.ids)
            & Domain("team_ids", "=", False), limit=1, order="sequence, id")

    @api.model
    def _cs_setup_partner_response(self):
        """Teams that never configured the customer-response stage change
        (install, upgrade) get the defaults: on, from the pause stages to the
        working stage."""
        teams = self.with_context(active_test=False).search([("autopupdate_src_stage_ids", "=", False)])
        pause_stages, work_stage = self._cs_default_pause_stages(), self._cs_default_work_stage()
        if teams and pause_stages and work_stage:
            teams.write({
                "autoupdate_ticket_stage": True,
                "autopupdate_src_stage_ids": [fields.Command.set(pause_stages.ids)],
                "autopupdate_dest_stage_id": work_stage.id,
            })

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
