from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import knowledge, problem_detection
from ..engine.settings import parse_setting

# The most new tickets one detection run reads: a bound, whatever the flood.
MAX_TICKETS_PER_RUN = 5000


class CsProblemCandidate(models.Model):
    """A burst of look-alike tickets from several accounts that the detection
    found: the team leaders are told once and turn it into a problem in one
    click."""

    _name = "cs.problem.candidate"
    _description = "Possible Problem"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(required=True)
    fingerprint = fields.Char(required=True, index=True, readonly=True,
                              help="What kind of ticket the burst is about: one notice per burst.")
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    ticket_ids = fields.Many2many("helpdesk.ticket", string="Tickets", readonly=True)
    ticket_count = fields.Integer(compute="_compute_counts", string="Tickets Found")
    partner_count = fields.Integer(compute="_compute_counts", string="Accounts")
    last_ticket_date = fields.Datetime(readonly=True, help="When the burst's newest ticket arrived.")
    problem_id = fields.Many2one("cs.problem", readonly=True)
    state = fields.Selection(
        [("new", "New"), ("done", "Problem Created"), ("dismissed", "Dismissed")],
        default="new", required=True, tracking=True)

    @api.depends("ticket_ids")
    def _compute_counts(self):
        for candidate in self:
            candidate.ticket_count = len(candidate.ticket_ids)
            candidate.partner_count = len(candidate.ticket_ids.commercial_partner_id)

    def action_create_problem(self):
        """One click: the problem, its open tickets linked."""
        self.ensure_one()
        if not self.problem_id:
            problem = self.env["cs.problem"].create({"name": self.name})
            problem._cs_link_tickets(self.ticket_ids.filtered(lambda t: not t.stage_id.closed and not t.cs_problem_id))
            self.write({"problem_id": problem.id, "state": "done"})
            self.activity_ids.action_feedback()
        return {"type": "ir.actions.act_window", "res_model": "cs.problem", "res_id": self.problem_id.id,
                "view_mode": "form"}

    def action_dismiss(self):
        self.write({"state": "dismissed"})
        self.activity_ids.action_feedback()

    @api.model
    def _cs_detection_settings(self):
        params = self.env["ir.config_parameter"].sudo()

        def read(key, default):
            return parse_setting(key, params.get_param(key) or "") or default

        return (
            read("customer_success_sla.problem_min_tickets", problem_detection.DEFAULT_MIN_TICKETS),
            read("customer_success_sla.problem_min_accounts", problem_detection.DEFAULT_MIN_ACCOUNTS),
            read("customer_success_sla.problem_window_minutes", problem_detection.DEFAULT_WINDOW_MINUTES),
        )

    @api.model
    def _cron_detect_problems(self):
        """Read the window's new unlinked open tickets (one bounded query),
        cluster them by category or alike titles, announce each new cluster
        once to its teams' leaders."""
        min_tickets, min_accounts, minutes = self._cs_detection_settings()
        now = fields.Datetime.now()
        window_start = now - timedelta(minutes=minutes)
        tickets = self.env["helpdesk.ticket"].sudo().search(
            Domain("create_date", ">=", window_start) & Domain("cs_problem_id", "=", False)
            & Domain("stage_id.closed", "=", False),
            order="create_date desc, id desc", limit=MAX_TICKETS_PER_RUN,
        )
        clusters = problem_detection.find_clusters(
            [problem_detection.NewTicket(
                t.id, t.category_id.id or None, t.commercial_partner_id.id, t.create_date,
                frozenset() if t.category_id else frozenset(knowledge.tokenize(knowledge.clean_query(t.name))))
             for t in tickets],
            min_tickets, min_accounts,
        )
        if not clusters:
            return
        previous = self.sudo().search(
            Domain("last_ticket_date", ">=", window_start) & (
                Domain("fingerprint", "in", [problem_detection.fingerprint(c.key) for c in clusters])
                | Domain("ticket_ids", "in", [i for c in clusters for i in c.ticket_ids])),
            order="last_ticket_date desc, id desc",
        )
        by_print = {}
        for candidate in previous:
            by_print.setdefault(candidate.fingerprint, candidate)
        new, ongoing = problem_detection.split_known(
            clusters,
            [problem_detection.KnownCluster(c.fingerprint, c.last_ticket_date, c.ticket_ids.ids)
             for c in by_print.values()],
            window_start,
        )
        for cluster, print_ in ongoing:
            candidate = by_print[print_]
            candidate.write({"ticket_ids": [fields.Command.link(i) for i in cluster.ticket_ids],
                             "last_ticket_date": max(candidate.last_ticket_date, cluster.last_date)})
        if new:
            categories = self.env["helpdesk.ticket.category"].browse(
                [c.key for c in new if not str(c.key).startswith("text:")])
            self.sudo().create([self._cs_candidate_values(cluster, categories) for cluster in new])._cs_notify_leaders()

    @api.model
    def _cs_candidate_values(self, cluster, categories):
        if str(cluster.key).startswith("text:"):
            category, topic = self.env["helpdesk.ticket.category"], " ".join(cluster.key[5:].split("+"))
        else:
            category = categories.filtered(lambda c: c.id == cluster.key)
            topic = category.name
        return {
            "name": self.env._("%(category)s: %(tickets)s tickets from %(accounts)s accounts",
                               category=topic, tickets=len(cluster.ticket_ids), accounts=len(cluster.account_ids)),
            "fingerprint": problem_detection.fingerprint(cluster.key),
            "category_id": category.id,
            "ticket_ids": [fields.Command.set(cluster.ticket_ids)],
            "last_ticket_date": cluster.last_date,
        }

    def _cs_notify_leaders(self):
        """One activity per team leader of the burst's tickets (the helpdesk
        managers when the tickets have no team leader)."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        managers = self.env.ref("helpdesk_mgmt.group_helpdesk_manager").sudo().user_ids.filtered(
            lambda u: u.active and not u.share)
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        for candidate in self:
            leaders = candidate.ticket_ids.team_id.user_id or managers[:1]
            for leader in leaders:
                activities.append({
                    "res_model_id": model_id, "res_id": candidate.id, "activity_type_id": todo.id,
                    "user_id": leader.id,
                    "summary": self.env._("Possible problem: %(name)s", name=candidate.name),
                    "note": self.env._(
                        "Several accounts filed look-alike tickets within the detection window. "
                        "Open this record to create the problem in one click."),
                })
        self.env["mail.activity"].sudo().create(activities)
