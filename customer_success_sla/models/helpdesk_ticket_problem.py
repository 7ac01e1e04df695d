from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine.problem_detection import raised_priority


class HelpdeskTicket(models.Model):
    """Tickets linked to the problem behind them: the link raises a major
    incident's tickets, unlinking is remembered, and the problem speaks on
    the ticket with the company's voice."""

    _inherit = "helpdesk.ticket"

    cs_problem_id = fields.Many2one(
        "cs.problem", string="Problem", index="btree_not_null", tracking=True, copy=False,
        groups="base.group_user", domain=[("state", "!=", "resolved")],
        help="The known problem behind this ticket: its updates and resolution reach the customer here.",
    )
    cs_problem_state = fields.Selection(related="cs_problem_id.state", string="Problem State")
    cs_problem_suggestion_ids = fields.Many2many(
        "cs.problem", compute="_compute_cs_problem_suggestion_ids", string="Suggested Problems",
        groups="base.group_user",
        help="Open problems whose open tickets share this ticket's category.",
    )

    @api.depends("category_id", "cs_problem_id")
    def _compute_cs_problem_suggestion_ids(self):
        categories = self.category_id
        by_category = defaultdict(list)
        if categories:
            for category, problem in self.env["helpdesk.ticket"]._read_group(
                [("category_id", "in", categories.ids), ("stage_id.closed", "=", False),
                 ("cs_problem_id.state", "!=", "resolved")],
                ["category_id", "cs_problem_id"],
            ):
                by_category[category.id].append(problem.id)
        for ticket in self:
            ticket.cs_problem_suggestion_ids = [
                fields.Command.set([p for p in by_category[ticket.category_id.id] if p != ticket.cs_problem_id.id])]

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        linked = tickets.filtered("cs_problem_id")
        if linked:
            linked._cs_check_linkable(linked.cs_problem_id)
            linked._cs_follow_major_problem()
        return tickets

    def write(self, vals):
        if "cs_problem_id" not in vals:
            return super().write(vals)
        problem = self.env["cs.problem"].browse(vals["cs_problem_id"])
        changed = self.filtered(lambda t: t.cs_problem_id != problem)
        if problem:
            changed._cs_check_linkable(problem)
        before = {ticket: ticket.cs_problem_id for ticket in changed}
        result = super().write(vals)
        # Detachment is remembered on the problem left behind.
        left = defaultdict(lambda: self.browse())
        for ticket, old in before.items():
            if old:
                left[old] |= ticket
        for old, tickets in left.items():
            old.sudo().detached_ticket_ids = [fields.Command.link(t.id) for t in tickets]
        if problem and changed:
            problem.sudo().detached_ticket_ids = [fields.Command.unlink(t.id) for t in changed]
            changed._cs_follow_major_problem()
        return result

    def action_cs_detach_problem(self):
        """Unlink from the problem: resolving it will leave these tickets open."""
        self.write({"cs_problem_id": False})
        return True

    def _cs_check_linkable(self, problem):
        closed = self.filtered(lambda t: t.stage_id.closed)
        if closed:
            raise UserError(self.env._(
                "Closed tickets cannot be linked to problem “%(problem)s”: %(tickets)s. "
                "Reopen them first, or open a new ticket.",
                problem=problem.name, tickets=", ".join(closed.mapped("number"))))
        if problem.state == "resolved":
            raise UserError(self.env._(
                "Problem “%(problem)s” is resolved: link the tickets to an open problem.", problem=problem.name))

    def _cs_follow_major_problem(self):
        """A major incident's tickets rise to its priority and support level,
        written in one batch per resulting value."""
        groups = defaultdict(lambda: self.browse())
        for ticket in self.filtered(lambda t: t.cs_problem_id.is_major):
            problem = ticket.cs_problem_id
            values = {}
            priority = raised_priority(ticket.priority, problem.priority)
            if priority != ticket.priority:
                values["priority"] = priority
            if problem.support_level and problem.support_level != ticket.cs_support_level:
                values["cs_support_level"] = problem.support_level
            if values:
                groups[tuple(sorted(values.items()))] |= ticket
        for values, tickets in groups.items():
            tickets.write(dict(values))

    def _cs_post_company_message(self, body_for_lang):
        """A customer-visible message authored by the ticket's company on
        each ticket, in the customer's language (``body_for_lang(lang)``).
        One message_post per ticket: customers must be notified, which the
        batched log does not do."""
        self.partner_id.mapped("lang")
        self.company_id.partner_id.mapped("name")
        for ticket in self:
            ticket.message_post(
                body=body_for_lang(ticket.partner_id.lang or "en_US"),
                author_id=(ticket.company_id or self.env.company).partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _cs_close_for_problem(self):
        """Move each ticket to its team's first closed stage, one write per
        stage (the stage change sends the rating request)."""
        stages = self.env["helpdesk.ticket.stage"].search([("closed", "=", True)], order="sequence, id")
        by_stage = defaultdict(lambda: self.browse())
        for ticket in self:
            stage = next((s for s in stages if not s.team_ids or ticket.team_id in s.team_ids), None)
            if stage:
                by_stage[stage] |= ticket
        for stage, tickets in by_stage.items():
            tickets.write({"stage_id": stage.id})

    def _cs_is_company_voice(self, message):
        """A public comment authored by a company of the database itself:
        only internal code posts as the company (the problems' one voice)."""
        return (
            message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id.id in self._cs_company_partner_ids()
        )

    def _cs_company_partner_ids(self):
        """The companies' partners, read once per transaction (cursor cache):
        the check runs for every message of every ticket."""
        cache = self.env.cr.cache
        if "cs_company_partner_ids" not in cache:
            cache["cs_company_partner_ids"] = frozenset(
                self.env["res.company"].sudo().with_context(active_test=False).search([]).partner_id.ids)
        return cache["cs_company_partner_ids"]

    def _cs_is_agent_reply(self, message):
        return super()._cs_is_agent_reply(message) or self._cs_is_company_voice(message)

    def _cs_is_agent_message(self, message):
        return super()._cs_is_agent_message(message) or self._cs_is_company_voice(message)
