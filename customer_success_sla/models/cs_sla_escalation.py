import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.sla_policy import format_hours, team_move_cycle
from .cs_sla_target import MAX_TARGET_HOURS
from .helpdesk_ticket_classification import SUPPORT_LEVEL_SELECTION

_logger = logging.getLogger(__name__)

TRIGGER_SELECTION = [
    ("warning", "On Warning"),
    ("breach", "On Breach"),
    ("after_breach", "After Breach"),
]
# The least helpdesk access: an escalation assigns or notifies only its members.
HELPDESK_GROUP = "helpdesk_mgmt.group_helpdesk_user_own"


def _helpdesk_users_domain(self):
    return [("share", "=", False), ("all_group_ids", "in", self.env.ref(HELPDESK_GROUP).ids)]


class CsSlaEscalation(models.Model):
    """What happens to a ticket when one of its clocks is at risk or late."""

    _name = "cs.sla.escalation"
    _inherit = ["cs.input.check"]
    _description = "SLA Escalation Rule"
    _order = "target_id, trigger, delay_hours, id"

    target_id = fields.Many2one("cs.sla.target", required=True, ondelete="cascade", index=True)
    policy_id = fields.Many2one(related="target_id.policy_id", store=True)
    trigger = fields.Selection(TRIGGER_SELECTION, required=True, default="breach")
    delay_hours = fields.Float(
        string="Delay (working hours)",
        digits=(16, 4),
        help="For 'After Breach': working hours after the deadline.",
    )
    to_support_level = fields.Selection(
        SUPPORT_LEVEL_SELECTION,
        string="Raise Support Level To",
        help="The ticket moves up to this level if it is below it.",
    )
    team_id = fields.Many2one("helpdesk.ticket.team", string="Move to Team")
    user_id = fields.Many2one("res.users", string="Assign to", domain=_helpdesk_users_domain)
    raise_priority = fields.Boolean(help="Raise the ticket's priority one step (up to Very High).")
    notify_user_ids = fields.Many2many(
        "res.users",
        string="Notify",
        domain=_helpdesk_users_domain,
        help="Each gets an activity on the ticket and is mentioned in its chatter.",
    )
    cycle_reported = fields.Boolean(
        readonly=True, copy=False,
        help="Technical: the administrators were told that this rule's team move was refused.",
    )

    @api.constrains("trigger", "delay_hours")
    def _check_delay_hours(self):
        for escalation in self:
            if escalation.trigger == "after_breach" and escalation.delay_hours <= 0:
                raise ValidationError(
                    self.env._("An escalation after the breach needs a positive delay in working hours.")
                )
            if escalation.delay_hours < 0:
                raise ValidationError(self.env._("An escalation delay cannot be negative."))
            if escalation.delay_hours > MAX_TARGET_HOURS:
                raise ValidationError(self.env._(
                    "An escalation delay is at most %(max)s working hours.", max=MAX_TARGET_HOURS))

    @api.constrains("user_id", "notify_user_ids")
    def _check_users(self):
        for escalation in self:
            users = escalation.user_id | escalation.notify_user_ids
            refused = users - self._cs_helpdesk_users(users)
            if refused:
                raise ValidationError(self.env._(
                    "An escalation assigns and notifies only active internal users with helpdesk "
                    "access; %(users)s cannot be chosen.",
                    users=", ".join(refused.mapped("name")),
                ))

    @api.model
    def _cs_helpdesk_users(self, users):
        """The users of ``users`` that may take or follow tickets: active,
        internal, with helpdesk access (rights can be lost after the rule was set)."""
        group = self.env.ref(HELPDESK_GROUP)
        # sudo: an administrator may not read every user's groups.
        return users.sudo().filtered(lambda u: u.active and not u.share and group in u.all_group_ids)

    def write(self, vals):
        if {"team_id", "target_id"} & vals.keys() and "cycle_reported" not in vals:
            # another move: a cycle that comes back is reported again
            vals = {**vals, "cycle_reported": False}
        return super().write(vals)

    @api.constrains("team_id", "target_id")
    def _check_team_cycle(self):
        """Refuse team moves that can send tickets back and forth between
        policies: each move opens new clocks, escalated again."""
        moving = self.filtered("team_id")
        if moving:
            self._cs_check_team_cycles({(rule.policy_id.id, rule.team_id.id) for rule in moving})

    @api.model
    def _cs_check_team_cycles(self, moves=None, policies=None):
        """Raise if the escalation team moves of the active policies form a
        cycle through one of ``moves`` ((policy id, team id) pairs) or through
        a move of one of ``policies``."""
        Policy = self.env["cs.sla.policy"].sudo()
        active = Policy.search([])
        rules = self.sudo().search([("team_id", "!=", False), ("policy_id", "in", active.ids)])
        cycle = team_move_cycle(
            Policy._cs_criteria(active), [(rule.policy_id.id, rule.team_id.id) for rule in rules])
        policy_ids = set(policies.ids) if policies else set()
        if not cycle or not (set(moves or ()) & set(cycle) or any(move[0] in policy_ids for move in cycle)):
            return
        steps = [
            self.env._("%(policy)s moves tickets to %(team)s",
                       policy=Policy.browse(policy_id).display_name,
                       team=self.env["helpdesk.ticket.team"].browse(team_id).display_name)
            for policy_id, team_id in cycle
        ]
        raise ValidationError(self.env._(
            "These escalations would move tickets between teams without end, each move "
            "opening new SLA clocks that escalate again: %(steps)s. Change a team or a policy's teams.",
            steps="; ".join(steps)))

    @api.depends("trigger", "delay_hours")
    def _compute_display_name(self):
        triggers = dict(self._fields["trigger"]._description_selection(self.env))
        for escalation in self:
            escalation.display_name = triggers.get(escalation.trigger, "")
            if escalation.trigger == "after_breach":
                escalation.display_name += f" + {format_hours(escalation.delay_hours)}"

    def _cs_apply(self, tickets, no_move=None, deadlines=None):
        """Apply this rule's actions to ``tickets``, in as few writes as
        possible; ``no_move``: tickets that keep their team; ``deadlines``:
        {ticket: the deadline of the clock that escalates it}, shown with
        the note in each reader's time zone."""
        self.ensure_one()
        if not tickets:
            return
        levels = [level for level, _label in SUPPORT_LEVEL_SELECTION]
        allowed = self._cs_helpdesk_users(self.user_id | self.notify_user_ids)
        assignee = self.user_id & allowed
        notified = self.notify_user_ids & allowed
        skipped = (self.user_id | self.notify_user_ids) - allowed
        moved = tickets.filtered(lambda t: self.team_id and t.team_id != self.team_id) - (no_move or tickets.browse())
        moved.write({"team_id": self.team_id.id})
        if assignee:
            tickets.filtered(lambda t: t.user_id != assignee).write({"user_id": assignee.id})
        if self.to_support_level:
            target_index = levels.index(self.to_support_level)
            lower = tickets.filtered(lambda t: levels.index(t.cs_support_level or "l1") < target_index)
            lower.write({"cs_support_level": self.to_support_level})
        else:
            lower = tickets.browse()
        if not assignee:
            # A new team or a higher level may need another agent.
            (moved | lower)._cs_route(reassign=True)
        if self.raise_priority:
            for priority in ("2", "1", "0"):
                tickets.filtered(lambda t, p=priority: (t.priority or "0") == p).write(
                    {"priority": str(int(priority) + 1)}
                )
        description = self._cs_describe()
        if notified:
            for ticket in tickets:
                for user in notified:
                    ticket.activity_schedule(
                        "mail.mail_activity_data_todo",
                        summary=self.env._("SLA escalation: %(rule)s", rule=description),
                        user_id=user.id,
                    )
        body = self.env._(
            "SLA escalation (%(rule)s) applied: %(actions)s.",
            rule=description, actions=self._cs_describe_actions(assignee, notified),
        )
        if skipped:
            _logger.warning("SLA escalation %s skipped users without helpdesk access: %s", self.id, skipped.ids)
            body += " " + self.env._(
                "Skipped %(users)s: they are no longer active internal users with helpdesk access; "
                "update the escalation rule.", users=", ".join(skipped.mapped("name")),
            )
        deadlines = deadlines or {}
        self.env["cs.ticket.sla"]._cs_log_with_deadline(
            [(ticket, deadlines.get(ticket, False), body) for ticket in tickets])

    def _cs_report_team_cycle(self, tickets):
        """Tell the administrators, once per rule, that its team move was
        refused because it would send ``tickets`` back to a team."""
        self.ensure_one()
        tickets._message_log_batch(bodies={
            ticket.id: self.env._(
                "SLA escalation (%(rule)s) did not move the ticket back to %(team)s: an earlier "
                "escalation moved it out of that team.", rule=self._cs_describe(), team=self.team_id.name)
            for ticket in tickets
        })
        if self.cycle_reported:
            return
        self.sudo().cycle_reported = True
        admins = self.env.ref("base.group_system").sudo().all_user_ids.filtered(lambda u: u.active and not u.share)
        self.policy_id.sudo().message_post(
            body=self.env._(
                "The escalation %(rule)s sends tickets back and forth between teams with another "
                "policy's escalation (for example %(ticket)s): its move back was refused. Change a team "
                "or a policy's teams.", rule=self._cs_describe(), ticket=tickets[:1].display_name),
            partner_ids=admins.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _cs_describe(self):
        kinds = dict(self.env["cs.sla.target"]._fields["kind"]._description_selection(self.env))
        return f"{kinds.get(self.target_id.kind, '')} — {self.display_name}"

    def _cs_describe_actions(self, assignee, notified):
        """The rule's actions as applied: ``assignee`` and ``notified`` are
        the users it could still assign and notify."""
        levels = dict(self._fields["to_support_level"]._description_selection(self.env))
        actions = []
        if self.to_support_level:
            actions.append(self.env._("support level %(level)s", level=levels[self.to_support_level]))
        if self.team_id:
            actions.append(self.env._("team %(team)s", team=self.team_id.name))
        if assignee:
            actions.append(self.env._("assigned to %(user)s", user=assignee.name))
        if self.raise_priority:
            actions.append(self.env._("priority raised"))
        if notified:
            actions.append(self.env._("notified %(users)s", users=", ".join(notified.mapped("name"))))
        return ", ".join(actions) or self.env._("no action")
