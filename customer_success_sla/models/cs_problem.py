from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from .helpdesk_ticket_classification import SUPPORT_LEVEL_SELECTION

PROBLEM_STATE_SELECTION = [
    ("investigating", "Investigating"),
    ("identified", "Identified"),
    ("monitoring", "Monitoring"),
    ("resolved", "Resolved"),
]
SEVERITY_SELECTION = [
    ("minor", "Minor"),
    ("major", "Major"),
    ("critical", "Critical"),
]
PRIORITY_SELECTION = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class CsProblem(models.Model):
    """The root cause behind many tickets: one place to follow it, one voice
    to the affected customers, one task for engineering."""

    _name = "cs.problem"
    _description = "Problem"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "is_major desc, id desc"

    name = fields.Char(required=True, tracking=True, translate=True)
    description = fields.Html(
        string="Internal Description", groups="base.group_user",
        help="What support and engineering know: never shown to customers.",
    )
    customer_summary = fields.Html(
        string="Customer Summary", translate=True,
        help="What customers are told; posted on their tickets when the problem is resolved. "
        "Translate it (per paragraph) for customers of other languages.",
    )
    state = fields.Selection(
        PROBLEM_STATE_SELECTION, default="investigating", required=True, tracking=True, index=True,
        group_expand=True)
    is_major = fields.Boolean(
        string="Major Incident", tracking=True,
        help="Tickets linked to a major incident rise to its priority and support level.",
    )
    severity = fields.Selection(SEVERITY_SELECTION, default="minor", required=True, tracking=True)
    priority = fields.Selection(
        PRIORITY_SELECTION, default="2", required=True,
        help="The priority a ticket linked to this major incident rises to.",
    )
    support_level = fields.Selection(
        SUPPORT_LEVEL_SELECTION, string="Support Level",
        help="The support level a ticket linked to this major incident moves to.",
    )
    component_ids = fields.Many2many("cs.service.component", string="Affected Components")
    ticket_ids = fields.One2many("helpdesk.ticket", "cs_problem_id", string="Tickets")
    detached_ticket_ids = fields.Many2many(
        "helpdesk.ticket", "cs_problem_detached_ticket_rel", "problem_id", "ticket_id",
        string="Detached Tickets", readonly=True, copy=False,
        help="Tickets an agent unlinked: resolving the problem leaves them open.",
    )
    ticket_count = fields.Integer(compute="_compute_ticket_counts", string="Tickets Linked")
    open_ticket_count = fields.Integer(compute="_compute_ticket_counts", string="Open Tickets")
    partner_ids = fields.Many2many(
        "res.partner", compute="_compute_partner_ids", string="Affected Accounts",
        help="The accounts (companies) of the linked tickets.",
    )
    partner_count = fields.Integer(compute="_compute_partner_ids", string="Accounts Affected")
    account_ids = fields.One2many("cs.problem.account", "problem_id", string="Accounts", readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Owner", default=lambda self: self.env.user, tracking=True,
        domain=[("share", "=", False)],
    )
    task_id = fields.Many2one("project.task", string="Engineering Task", tracking=True, index="btree_not_null")
    update_ids = fields.One2many("cs.problem.update", "problem_id", string="Updates", readonly=True)
    resolved_date = fields.Datetime(string="Resolved On", readonly=True, copy=False)
    accounts_notified = fields.Boolean(
        readonly=True, copy=False,
        help="The accounts' CSMs were told that engineering finished: they are told once.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)

    @api.depends("ticket_ids", "ticket_ids.stage_id")
    def _compute_ticket_counts(self):
        counts = defaultdict(lambda: [0, 0])
        if self.ids:
            for problem, closed, count in self.env["helpdesk.ticket"]._read_group(
                [("cs_problem_id", "in", self.ids)], ["cs_problem_id", "stage_id.closed"], ["__count"],
            ):
                counts[problem.id][0] += count
                if not closed:
                    counts[problem.id][1] += count
        for problem in self:
            problem.ticket_count, problem.open_ticket_count = counts[problem._origin.id]

    @api.depends("ticket_ids.commercial_partner_id")
    def _compute_partner_ids(self):
        accounts = defaultdict(list)
        if self.ids:
            for problem, account in self.env["helpdesk.ticket"]._read_group(
                [("cs_problem_id", "in", self.ids), ("commercial_partner_id", "!=", False)],
                ["cs_problem_id", "commercial_partner_id"],
            ):
                accounts[problem.id].append(account.id)
        for problem in self:
            problem.partner_ids = [fields.Command.set(accounts[problem._origin.id])]
            problem.partner_count = len(accounts[problem._origin.id])

    # Actions -----------------------------------------------------------------

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("helpdesk_mgmt.helpdesk_ticket_action")
        action.update(domain=[("cs_problem_id", "=", self.id)], context={"default_cs_problem_id": self.id})
        return action

    def action_open_update_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Post an Update"),
            "res_model": "cs.problem.update.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_problem_id": self.id},
        }

    def action_post_update(self, body, translations=None):
        """One public message from the company on every linked open ticket,
        in the ticket customer's language where ``translations`` (language
        code → body) has one, else ``body``. Returns the update records
        (the default text first, then one per translation)."""
        self.ensure_one()
        if is_html_empty(body):
            raise UserError(self.env._("An update needs a text for the customers."))
        translations = {lang: text for lang, text in (translations or {}).items() if not is_html_empty(text)}
        updates = self.env["cs.problem.update"]._cs_create(self, body, translations)
        tickets = self.ticket_ids.filtered(lambda t: not t.stage_id.closed)
        counts = dict.fromkeys(updates.mapped("lang"), 0)
        by_lang = {update.lang: update for update in updates}

        def body_for(lang):
            key = lang if lang in by_lang else False
            counts[key] += 1
            return by_lang[key].body

        tickets._cs_post_company_message(body_for)
        for update in updates:
            update.ticket_count = counts[update.lang]
        return updates

    def action_resolve(self):
        """Resolve: the customer summary goes to each linked open ticket, which
        is then closed (one rating request each); CSMs and the owner hear of it."""
        for problem in self:
            if problem.state == "resolved":
                continue
            if problem.ticket_ids and is_html_empty(problem.customer_summary):
                raise UserError(self.env._(
                    "Write the customer summary of problem “%(problem)s” before resolving it: "
                    "its %(count)s linked tickets are closed with it.",
                    problem=problem.name, count=len(problem.ticket_ids)))
            tickets = problem.ticket_ids.filtered(lambda t: not t.stage_id.closed)
            if tickets:
                langs = set(tickets.mapped(lambda t: t.partner_id.lang or "en_US"))
                summaries = {lang: problem.with_context(lang=lang).customer_summary for lang in langs}
                tickets._cs_post_company_message(lambda lang, s=summaries: s.get(lang) or problem.customer_summary)
                tickets._cs_close_for_problem()
            problem.write({"state": "resolved", "resolved_date": fields.Datetime.now()})
        self._cs_notify_accounts()
        return True

    def action_create_task(self):
        """One click: an engineering task in the configured project."""
        self.ensure_one()
        if self.task_id:
            raise UserError(self.env._("Problem “%(problem)s” already has an engineering task.", problem=self.name))
        project_id = int(self.env["ir.config_parameter"].sudo().get_param(
            "customer_success_sla.problem_project_id", 0) or 0)
        project = self.env["project.project"].browse(project_id).exists()
        if not project:
            raise UserError(self.env._(
                "Choose the engineering project in the Helpdesk settings (Problems) first."))
        self.task_id = self.env["project.task"].create({
            "name": self.name,
            "project_id": project.id,
            "description": self.description,
        })
        return {"type": "ir.actions.act_window", "res_model": "project.task", "res_id": self.task_id.id,
                "view_mode": "form"}

    # Business methods --------------------------------------------------------

    def _cs_notify_accounts(self):
        """Engineering finished or the problem is resolved: each affected
        account's CSM gets an activity on the account, the owner one for the
        customer summary. Once per problem."""
        problems = self.filtered(lambda p: not p.accounts_notified)
        if not problems:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        partner_model = self.env["ir.model"]._get_id("res.partner")
        problem_model = self.env["ir.model"]._get_id("cs.problem")
        activities = []
        for problem in problems:
            for account in problem.partner_ids.filtered("cs_csm_user_id"):
                activities.append({
                    "res_model_id": partner_model, "res_id": account.id, "activity_type_id": todo.id,
                    "user_id": account.cs_csm_user_id.id,
                    "summary": self.env._("Problem fixed: %(problem)s", problem=problem.name),
                    "note": self.env._(
                        "The problem “%(problem)s” that hit this account is fixed. Check in with the customer.",
                        problem=problem.name),
                })
            if problem.user_id:
                activities.append({
                    "res_model_id": problem_model, "res_id": problem.id, "activity_type_id": todo.id,
                    "user_id": problem.user_id.id,
                    "summary": self.env._("Write the customer summary"),
                    "note": self.env._("Engineering is done: tell the customers what happened and what was fixed."),
                })
        self.env["mail.activity"].sudo().create(activities)
        problems.sudo().accounts_notified = True

    def _cs_link_tickets(self, tickets):
        """Link ``tickets`` (refused if one is closed), as the wizard and the
        detection do."""
        self.ensure_one()
        tickets.write({"cs_problem_id": self.id})
        return True
