from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools.mimetypes import guess_mimetype

from ..engine import clock_labels, portal_files
from ..engine.sla_levels import CUSTOMER_KINDS
from ..engine.settings import parse_setting

DEFAULT_REOPEN_DAYS = 7
# Context key set by the portal ticket list: {"scope": "mine"|"company", "state": "open"|"closed"}
PORTAL_LIST_FILTER = "cs_portal_ticket_filter"


class HelpdeskTicket(models.Model):
    """What a customer does on the portal: confirm the solution, reopen."""

    _inherit = "helpdesk.ticket"

    cs_customer_solved_date = fields.Datetime(
        string="Solved by Customer", readonly=True, copy=False,
        help="When the customer confirmed on the portal that the problem is solved. A ticket whose category "
             "requires a knowledge article waits here for it: writing the article closes the ticket.",
    )

    @api.model
    def _search(self, domain, *args, **kwargs):
        """The portal list's "mine" and "open/closed" filters narrow every
        search of that request (count, pager, page) the same way."""
        list_filter = self.env.context.get(PORTAL_LIST_FILTER)
        if list_filter:
            domain = Domain(domain) & self._cs_portal_list_domain(list_filter)
        return super()._search(domain, *args, **kwargs)

    def _cs_portal_list_domain(self, list_filter):
        domain = Domain.TRUE
        if list_filter.get("scope") == "mine":
            domain &= Domain("partner_id", "=", self.env.user.partner_id.id)
        elif list_filter.get("scope") is None and self.env.user.share:
            domain &= self._cs_portal_own_domain()
        if list_filter.get("state") in ("open", "closed"):
            domain &= Domain("stage_id.closed", "=", list_filter["state"] == "closed")
        return domain

    def _cs_portal_own_domain(self):
        """The portal record rule's "my tickets or tickets I follow", with the
        followed tickets' ids written out: PostgreSQL cannot read ``partner
        OR id IN (followers)`` from indexes and reads every ticket
        (bench/scale_bench.py). ANDed with the rule, it hides nothing the
        rule shows."""
        partner = self.env.user.partner_id
        followed = self.sudo().with_context(**{PORTAL_LIST_FILTER: False, "active_test": False}).search(
            [("message_partner_ids", "in", partner.ids), ("partner_id", "!=", partner.id)])
        return Domain("partner_id", "=", partner.id) | Domain("id", "in", followed.ids)

    def _cs_reopen_days(self):
        key = "customer_success_sla.reopen_days"
        days = parse_setting(key, self.env["ir.config_parameter"].sudo().get_param(key) or "")
        # a value stored before settings were checked and out of bounds: the default, not 0
        return DEFAULT_REOPEN_DAYS if days is None else days

    def _cs_applicable_stages(self):
        """The stages the ticket may take: its team's, else those of no team
        in its company (helpdesk_mgmt's rule, also for its portal page)."""
        self.ensure_one()
        if self.team_id:
            return self.team_id.sudo()._get_applicable_stages()
        return self.env["helpdesk.ticket.stage"].sudo().search(
            [("company_id", "in", [False, self.company_id.id]), ("team_ids", "=", False)])

    def _cs_stages(self, closed):
        self.ensure_one()
        return self._cs_applicable_stages().filtered(lambda stage: bool(stage.closed) == closed).sorted("sequence")

    def _cs_portal_close_stages(self):
        """The closing stages the ticket's portal page offers (helpdesk_mgmt's
        close buttons) and the only ones /ticket/close accepts."""
        self.ensure_one()
        return self._cs_stages(closed=True).filtered("close_from_portal")

    def _cs_solved_stage(self):
        """Where a solved ticket goes: the first closed stage that asks for a
        rating, else the first closed stage."""
        self.ensure_one()
        stages = self._cs_stages(closed=True)
        return stages.filtered("rating_mail_template_id")[:1] or stages[:1]

    def _cs_is_solution_stage(self, stage):
        """A closed stage means "solved" when it asks for a rating or is the
        solved stage; any other (Cancelled, Rejected) is a cancellation."""
        self.ensure_one()
        return bool(stage.closed and (stage.rating_mail_template_id or stage == self._cs_solved_stage()))

    def _cs_can_reopen(self):
        self.ensure_one()
        closed_at = self.closed_date or self.last_stage_update
        return bool(self.stage_id.closed and closed_at
                    and fields.Datetime.now() <= closed_at + relativedelta(days=self._cs_reopen_days()))

    def _cs_portal_close(self, stage=None):
        """The customer closes their ticket on the portal, to ``stage`` (one
        of helpdesk_mgmt's close buttons) or, by default, as solved.

        Solved, as the customer says: the confirmation always counts. A
        ticket whose category requires a knowledge article waits for it (its
        agent is asked to write it); the others close at once. A cancelling
        stage just closes (the article requirement is for solved tickets).
        Tickets already closed or already waiting are left as they are, so
        that a second post changes nothing."""
        # sudo: the customer closes their own ticket (checked by the portal), not an agent's edit
        tickets = self.sudo().filtered(lambda t: not t.stage_id.closed and not t.cs_customer_solved_date)
        now = fields.Datetime.now()
        waiting = tickets.browse()
        for ticket in tickets:
            target = stage or ticket._cs_solved_stage()
            if not target or target not in ticket._cs_stages(closed=True):
                raise UserError(self.env._(
                    "This ticket cannot be closed from the portal: please tell us in a message that your "
                    "problem is solved and we will close it."))
            if not ticket._cs_is_solution_stage(target):
                ticket.stage_id = target
            elif ticket._cs_missing_article():
                ticket.cs_customer_solved_date = now
                waiting |= ticket
            else:
                ticket.write({"stage_id": target.id, "cs_customer_solved_date": now})
        waiting._cs_ask_for_article()

    def _cs_close_as_solved(self):
        """Close to the solved stage (the customer's confirmation, then the article)."""
        for ticket in self:
            stage = ticket._cs_solved_stage()
            if stage:
                ticket.stage_id = stage

    def _cs_portal_reopen(self):
        for ticket in self.sudo():
            if not ticket.stage_id.closed:
                continue
            if not ticket._cs_can_reopen():
                raise UserError(self.env._(
                    "This ticket was closed more than %(days)s days ago and can no longer be reopened: "
                    "please open a new ticket.", days=ticket._cs_reopen_days()))
            # reopening says the problem is not solved, whatever stage the ticket finds
            ticket.cs_customer_solved_date = False
            stage = ticket._cs_stages(closed=False)[:1]
            if stage:
                ticket.stage_id = stage

    def _cs_replies_closed(self):
        """Closed for good: past the reopen window, customers open a new ticket."""
        self.ensure_one()
        return bool(self.stage_id.closed) and not self._cs_can_reopen()

    def _cs_portal_clock_rows(self):
        """[(clock, label)]: the SLA clocks the customer is promised (level
        engagement is internal), in the order they started; a target that
        came back (a resolution after each reopen) is numbered: "1st
        Resolution", "2nd Resolution"."""
        self.ensure_one()
        clocks = self.cs_sla_ids.filtered(lambda clock: clock.kind in CUSTOMER_KINDS).sorted("id")
        kinds = dict(clocks._fields["kind"]._description_selection(self.env))
        numbers = clock_labels.repeat_numbers(clocks.mapped("kind"))
        return [
            (clock, self.env._("%(ordinal)s %(kind)s", ordinal=self._cs_ordinal(number), kind=kinds[clock.kind])
             if number else kinds[clock.kind])
            for clock, number in zip(clocks, numbers)
        ]

    def _cs_ordinal(self, number):
        """1st, 2nd, 3rd, 4th… in the reader's language."""
        suffix = clock_labels.ordinal_suffix(number)
        if suffix == "st":
            return self.env._("%(number)sst", number=number)
        if suffix == "nd":
            return self.env._("%(number)snd", number=number)
        if suffix == "rd":
            return self.env._("%(number)srd", number=number)
        return self.env._("%(number)sth", number=number)

    def message_post(self, **kwargs):
        # Only a customer's own portal reply is refused; mail from the gateway,
        # ratings and the system's messages go through.
        if (len(self) == 1 and self.env.user._is_portal()
                and kwargs.get("message_type", "notification") == "comment"
                and not kwargs.get("rating_id") and self._cs_replies_closed()):
            raise UserError(self.env._(
                "This ticket was closed more than %(days)s days ago: replies are no longer "
                "possible. Please open a new ticket.", days=self._cs_reopen_days()))
        return super().message_post(**kwargs)

    @api.model
    def _cs_portal_attachment_error(self, filename, size, head=b""):
        """A message for the customer when the file may not be attached, else ''.
        ``head``: the file's first bytes, whose type is checked whatever its name."""
        params = self.env["ir.config_parameter"].sudo()
        key = "customer_success_sla.portal_attachment_max_mb"
        # a value stored before settings were checked and out of bounds: the default
        max_mb = parse_setting(key, params.get_param(key) or "") or portal_files.DEFAULT_MAX_MB
        problem = portal_files.attachment_problem(
            filename, size,
            portal_files.parse_max_bytes(max_mb),
            portal_files.parse_extensions(params.get_param(
                "customer_success_sla.portal_attachment_forbidden_extensions",
                portal_files.DEFAULT_FORBIDDEN_EXTENSIONS)),
            head=head, mimetype=guess_mimetype(head or b"", default="") if head else None,
        )
        if problem == portal_files.TOO_LARGE:
            return self.env._(
                "The file %(name)s is too large: files may be up to %(limit)s MB.",
                name=filename, limit=max_mb)
        if problem in (portal_files.FORBIDDEN_TYPE, portal_files.EXECUTABLE_CONTENT):
            return self.env._(
                "The file %(name)s cannot be attached: this type of file is not accepted for "
                "security reasons.", name=filename)
        if problem == portal_files.UNSAFE_NAME:
            return self.env._(
                "The file %(name)s cannot be attached: its name contains invisible characters that "
                "hide its real type. Please rename it and try again.",
                name=filename.encode("ascii", "backslashreplace").decode())
        return ""
