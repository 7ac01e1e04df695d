from odoo import api, fields, models
from odoo.exceptions import AccessError

# What customer success managers set on agents: the routing profile.
ROUTING_PROFILE_FIELDS = {"cs_capacity", "cs_available"}


class ResUsers(models.Model):
    """Agent profile: capacity, availability and skills used by routing."""

    _inherit = "res.users"

    cs_capacity = fields.Integer(
        string="Ticket Capacity", default=20,
        help="Most open tickets this agent should hold; routing skips agents at capacity.",
        groups="base.group_user",
    )
    cs_available = fields.Boolean(
        string="Available for Tickets", default=True,
        help="Off: routing assigns this agent nothing (holidays, other duties).",
        groups="base.group_user",
    )
    cs_skill_ids = fields.One2many("cs.agent.skill", "user_id", string="Skills", groups="base.group_user")

    _cs_capacity_positive = models.Constraint(
        "CHECK(cs_capacity > 0)", "An agent's ticket capacity must be at least 1."
    )

    # Not in SELF_READABLE_FIELDS: that list opens fields to portal users too;
    # internal users read their routing profile through base.group_user.
    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["cs_available"]

    def write(self, vals):
        if vals.keys() & ROUTING_PROFILE_FIELDS and not self.env.su:
            is_manager = self.env.user.has_group("customer_success_sla.group_cs_manager")
            if "cs_capacity" in vals and not is_manager:
                raise AccessError(self.env._(
                    "Only customer success managers set an agent's ticket capacity; ask yours to change it."))
            if is_manager and vals.keys() <= ROUTING_PROFILE_FIELDS and not any(self.mapped("share")):
                # a manager sets agents' routing profile without the right to
                # administer users: these two fields only, of internal users
                return super(ResUsers, self.sudo()).write(vals)
        return super().write(vals)

    def action_cs_my_agent_profile(self):
        """The current user's routing profile: availability to switch,
        capacity and skills to see."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("My Agent Profile"),
            "res_model": "res.users",
            "res_id": self.env.uid,
            "view_mode": "form",
            "views": [(self.env.ref("customer_success_sla.res_users_view_form_cs_my_profile").id, "form")],
            "target": "new",
        }

    @api.model
    def _cs_on_leave(self, users, when):
        """The users of ``users`` on leave at ``when`` on their working
        calendar: personal leaves and leaves of their own calendar."""
        resources = self.env["resource.resource"].sudo().search([("user_id", "in", users.ids)])
        if not resources:
            return self.browse()
        leaves = self.env["resource.calendar.leaves"].sudo().search(
            [
                ("date_from", "<=", when),
                ("date_to", ">=", when),
                "|",
                ("resource_id", "in", resources.ids),
                "&",
                ("resource_id", "=", False),
                ("calendar_id", "in", resources.calendar_id.ids),
            ]
        )
        on_leave = leaves.resource_id.user_id
        calendars_off = leaves.filtered(lambda leave: not leave.resource_id).calendar_id
        on_leave |= resources.filtered(lambda r: r.calendar_id in calendars_off).user_id
        return on_leave
