from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models

from ..engine import routing


class HelpdeskTicket(models.Model):
    """Routing: tier team on creation, then skill- and load-based assignment
    of unassigned tickets, again when an escalation raises the level."""

    _inherit = "helpdesk.ticket"

    # Round-robin resumes after the latest agent routing picked in the team:
    # kept on the tickets routing writes anyway, so that concurrent intakes
    # never write (and never collide on) the team's row.
    cs_routed_user_id = fields.Many2one(
        "res.users", string="Routed To", readonly=True, copy=False,
        groups="base.group_user", help="Technical: the agent the automatic assignment picked.")
    cs_routed_date = fields.Datetime(string="Routed On", readonly=True, copy=False, groups="base.group_user")

    _cs_routed_idx = models.Index("(team_id, cs_routed_date DESC, id DESC) WHERE cs_routed_user_id IS NOT NULL")

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_apply_tier_team(vals_list)
        self._cs_skip_system_assignee(vals_list)
        tickets = super().create(vals_list)
        tickets._cs_route()
        return tickets

    @api.model
    def _cs_skip_system_assignee(self, vals_list):
        """helpdesk_mgmt's "assign to creator" default would give mail and
        portal tickets to OdooBot or to the customer: leave them unassigned
        for routing instead of assigning then clearing them."""
        if all("user_id" in vals for vals in vals_list):
            return
        default_user_id = self.default_get(["user_id"]).get("user_id")
        if default_user_id and (default_user_id == SUPERUSER_ID or self.env["res.users"].browse(default_user_id).share):
            for vals in vals_list:
                vals.setdefault("user_id", False)

    def _cs_is_unassigned(self):
        """No agent yet: nobody, or only the system or a customer, which
        helpdesk's 'assign to creator' option sets for mail and portal tickets."""
        self.ensure_one()
        return not self.user_id or self.user_id.id == SUPERUSER_ID or self.user_id.share

    @api.model
    def _cs_apply_tier_team(self, vals_list):
        """A tier's dedicated team takes its customers' new tickets; during
        the account's hypercare, the tier's hypercare team when it names one."""
        partner_ids = {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        teams = {p.id: p.commercial_partner_id._cs_tier_team() for p in partners}
        for vals in vals_list:
            team = teams.get(vals.get("partner_id"))
            if team:
                vals["team_id"] = team.id

    @api.model
    def _cs_min_levels(self):
        params = self.env["ir.config_parameter"].sudo()
        return {
            level: params.get_param(f"customer_success_sla.min_level_{level}", default)
            for level, default in routing.DEFAULT_MIN_LEVEL.items()
        }

    def _cs_need(self, min_levels):
        self.ensure_one()
        return routing.Need(
            category_id=self.category_id.id or None,
            tag_ids=frozenset(self.tag_ids.ids),
            min_level=min_levels.get(self.cs_support_level or "l1", "junior"),
            weight=routing.priority_weight(self.priority),
        )

    @api.model
    def _cs_agents(self, users):
        """Routing view of ``users``: skills, availability, capacity and the
        weighted load of their open tickets, in four queries whatever the
        number of users."""
        users = users.sudo()
        now = fields.Datetime.now()
        on_leave = self.env["res.users"]._cs_on_leave(users, now)
        groups = self.sudo()._read_group(
            [("user_id", "in", users.ids), ("stage_id.closed", "=", False)],
            ["user_id", "priority"],
            ["__count"],
        )
        counts, loads = defaultdict(int), defaultdict(int)
        for user, priority, count in groups:
            counts[user.id] += count
            loads[user.id] += count * routing.priority_weight(priority)
        skills = defaultdict(dict)
        for skill in self.env["cs.agent.skill"].sudo().search([("user_id", "in", users.ids)]):
            if skill.category_id:
                skills[skill.user_id.id][("category", skill.category_id.id)] = skill.level
            if skill.tag_id:
                skills[skill.user_id.id][("tag", skill.tag_id.id)] = skill.level
        return {
            user.id: routing.Agent(
                user_id=user.id,
                capacity=user.cs_capacity,
                available=user.cs_available and user.active and user not in on_leave,
                open_count=counts[user.id],
                load=loads[user.id],
                skills=skills[user.id],
            )
            for user in users
        }

    def _cs_route(self, reassign=False):
        """Assign the unassigned tickets of ``self`` (with ``reassign``, after
        an escalation: all of them); tickets nobody can take stay in the team
        queue and the team leader gets an activity."""
        picks = self._cs_routing_picks(reassign)
        by_user = defaultdict(lambda: self.env["helpdesk.ticket"].sudo())
        for ticket, user_id in picks.items():
            by_user[user_id] |= ticket
        now = fields.Datetime.now()
        for user_id, user_tickets in by_user.items():
            if user_id:
                routed = {"cs_routed_user_id": user_id, "cs_routed_date": now}
                moving = user_tickets.filtered(lambda t, u=user_id: t.user_id.id != u)
                if len(moving) > 1:
                    # One message for the agent's whole batch, not one mail per ticket.
                    moving.with_context(mail_auto_subscribe_no_notify=True).write({"user_id": user_id, **routed})
                    moving._cs_notify_assigned_batch(self.env["res.users"].browse(user_id))
                else:
                    moving.write({"user_id": user_id, **routed})
                (user_tickets - moving).write(routed)
            else:
                queued = user_tickets.filtered(lambda t: t._cs_is_unassigned())
                queued.filtered("user_id").write({"user_id": False})
                queued._cs_notify_unassigned()

    def _cs_routing_picks(self, reassign=False):
        """{ticket: user id or None}: the account's CSM first when its tier
        says so, else the best qualified team member (engine.routing). With
        ``reassign``, a ticket keeps an agent who has the skill at its level.
        Reads a bounded number of queries whatever the number of tickets."""
        tickets = self.sudo().filtered(
            lambda t: t.team_id and t.team_id.cs_assignment_method != "off" and not t.stage_id.closed
        )
        if not reassign:
            tickets = tickets.filtered(lambda t: t._cs_is_unassigned())
        if not tickets:
            return {}
        min_levels = self._cs_min_levels()
        csms = tickets.filtered(lambda t: t.cs_tier_id.route_to_csm).commercial_partner_id.cs_csm_user_id
        agents = self._cs_agents(tickets.team_id.user_ids | tickets.user_id | csms)
        needs = {ticket: ticket._cs_need(min_levels) for ticket in tickets}
        if reassign:
            kept = tickets.filtered(
                lambda t: not t._cs_is_unassigned()
                and routing.qualifies(
                    routing.Agent(t.user_id.id, capacity=10**9, skills=agents[t.user_id.id].skills),
                    needs[t],
                )
            )
            tickets -= kept
        picks = {}
        last_assigned = tickets.team_id._cs_last_routed_users()
        for ticket in tickets.filtered(lambda t: t.cs_tier_id.route_to_csm):
            csm = agents.get(ticket.commercial_partner_id.cs_csm_user_id.id)
            if csm and csm.available and csm.open_count < csm.capacity:
                picks[ticket] = csm.user_id
                csm.open_count += 1
                csm.load += needs[ticket].weight
        for team in tickets.team_id:
            team_tickets = tickets.filtered(lambda t, team=team: t.team_id == team and t not in picks)
            if not team_tickets:
                continue
            members = [agents[user.id] for user in team.user_ids if user.id in agents]
            chosen, _last = routing.assign_batch(
                members,
                [needs[ticket] for ticket in team_tickets],
                method=team.cs_assignment_method,
                last_user_id=last_assigned.get(team.id),
            )
            picks.update(zip(team_tickets, chosen))
        return picks

    def _cs_notify_assigned_batch(self, agent):
        """Tell ``agent`` in one message, in their language, of the tickets
        of ``self`` assigned to them."""
        agent = agent.sudo()
        # As Odoo's own assignment notice: not during install, not to oneself.
        if not agent.partner_id or agent == self.env.user or not self.env.registry.ready:
            return
        env = self.with_context(lang=agent.lang).env
        body = env["ir.qweb"]._render(
            "customer_success_sla.message_tickets_assigned",
            {"agent": agent, "tickets": self.with_env(env)}, minimal_qcontext=True)
        env["mail.thread"].message_notify(
            partner_ids=agent.partner_id.ids,
            subject=env._("You have been assigned %(count)s tickets", count=len(self)),
            body=self.env["mail.render.mixin"]._replace_local_links(body),
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _cs_notify_unassigned(self):
        for ticket in self.filtered("team_id.user_id"):
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("No agent available: assign this ticket"),
                note=self.env._(
                    "No member of %(team)s has the skill, level and capacity this ticket needs.",
                    team=ticket.team_id.name,
                ),
                user_id=ticket.team_id.user_id.id,
            )
