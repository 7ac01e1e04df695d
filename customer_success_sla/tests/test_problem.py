from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from .sla_common import SlaCase


@tagged("post_install", "-at_install")
class TestProblem(SlaCase):
    """A problem speaks with one voice to its 40 tickets of 12 accounts,
    closes them when resolved, and tells engineering's news to the CSMs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.company_partner = cls.env.company.partner_id
        cls.stage_done.rating_mail_template_id = cls.env.ref("helpdesk_mgmt_rating.rating_ticket_email_template")
        cls.accounts = cls.Partner.create([
            {"name": f"Account {i:02d}", "is_company": True, "cs_tier_id": cls.tier_be.id,
             "cs_csm_user_id": (cls.csm_a if i % 2 else cls.csm_b).id}
            for i in range(12)
        ])
        # Every third account speaks Chinese.
        cls.contacts = cls.Partner.create([
            {"name": f"Contact {i:02d}", "parent_id": account.id, "email": f"c{i}@acct{i}.example.com",
             "lang": "zh_CN" if i % 3 == 0 else "en_US"}
            for i, account in enumerate(cls.accounts)
        ])
        with freeze_time("2026-03-30 07:00:00"):  # Monday 09:00 Brussels: the clocks run
            cls.tickets = cls.Ticket.create([
                {"name": f"Login loops #{n}", "description": "<p>Cannot sign in</p>",
                 "partner_id": cls.contacts[n % 12].id, "priority": "1"}
                for n in range(40)
            ])
        cls.problem = cls.env["cs.problem"].create({
            "name": "Login loops after release 3.2", "user_id": cls.agent.id,
            "is_major": True, "priority": "3", "support_level": "l2",
        })
        cls.problem.with_user(cls.agent)._cs_link_tickets(cls.tickets)

    def _company_messages(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: m.author_id == self.company_partner and m.message_type == "comment")

    def test_linking_shows_the_accounts_with_their_tickets(self):
        self.assertEqual(self.problem.ticket_count, 40)
        self.assertEqual(self.problem.partner_ids, self.accounts)
        rows = self.problem.account_ids
        self.assertEqual(len(rows), 12)
        self.assertEqual(sorted(rows.mapped("ticket_count")), [3] * 8 + [4] * 4)
        self.assertEqual(rows.tier_id, self.tier_be)

    def test_linking_to_a_major_incident_raises_priority_and_level(self):
        self.assertEqual(set(self.tickets.mapped("priority")), {"3"})
        self.assertEqual(set(self.tickets.mapped("cs_support_level")), {"l2"})

    def test_linking_never_lowers_a_priority(self):
        problem = self.env["cs.problem"].create({"name": "Minor glitch", "is_major": True, "priority": "0"})
        ticket = self.tickets[0]
        problem._cs_link_tickets(ticket)
        self.assertEqual(ticket.priority, "3")

    def test_update_reaches_each_open_ticket_once_in_its_language(self):
        with freeze_time("2026-03-30 07:30:00"):
            update = self.problem.with_user(self.agent).action_post_update(
                "<p>We found the cause and are rolling back.</p>",
                {"zh_CN": "<p>我们已找到原因，正在回滚。</p>"})
        self.assertEqual(sum(update.mapped("ticket_count")), 40)
        self.assertEqual(update.filtered(lambda u: u.lang == "zh_CN").ticket_count, 14)
        for ticket in self.tickets:
            messages = self._company_messages(ticket)
            self.assertEqual(len(messages), 1, "one update per ticket")
            if ticket.partner_id.lang == "zh_CN":
                self.assertIn("正在回滚", messages.body)
            else:
                self.assertIn("rolling back", messages.body)
            self.assertFalse(messages.subtype_id.internal, "visible to the customer")
            first = self._clock(ticket, "first_response")
            self.assertEqual(first.status, "met", "the update is the first response")
            self.assertEqual(ticket.cs_first_response_date.isoformat(), "2026-03-30T07:30:00")
        self.assertEqual(update[1].body, "<p>我们已找到原因，正在回滚。</p>")

    def test_update_skips_closed_tickets(self):
        closed = self.tickets[0]
        closed.stage_id = self.stage_done
        update = self.problem.action_post_update("<p>Still on it.</p>")
        self.assertEqual(update.ticket_count, 39)
        self.assertFalse(self._company_messages(closed))

    def test_update_queries_do_not_grow_with_history(self):
        """Per-ticket cost constant: a second update costs what the first did."""
        self.problem.action_post_update("<p>One</p>")
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        self.problem.action_post_update("<p>Two</p>")
        second = self.env.cr.sql_log_count - queries
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        self.problem.action_post_update("<p>Three</p>")
        third = self.env.cr.sql_log_count - queries
        self.assertLessEqual(third, second + 5)

    def test_empty_update_is_refused(self):
        with self.assertRaisesRegex(UserError, "needs a text"):
            self.problem.action_post_update("<p><br></p>")

    def test_resolve_closes_open_tickets_with_one_rating_request_each(self):
        self.problem.customer_summary = "<p>A release broke sign-in; we rolled it back.</p>"
        self.problem.update_field_translations("customer_summary", {
            "zh_CN": {"A release broke sign-in; we rolled it back.": "一次发布导致无法登录，我们已回滚。"}})
        self.problem.with_user(self.agent).action_resolve()
        self.assertEqual(self.problem.state, "resolved")
        self.assertEqual(self.tickets.stage_id, self.stage_done)
        for ticket in self.tickets:
            ratings = ticket.message_ids.filtered(lambda m: "/rate/" in (m.body or ""))
            self.assertEqual(len(ratings), 1, "one rating request")
            summary = self._company_messages(ticket)
            self.assertEqual(len(summary), 1)
            self.assertIn("回滚" if ticket.partner_id.lang == "zh_CN" else "rolled it back", summary.body)

    def test_detached_ticket_is_not_closed(self):
        detached = self.tickets[5]
        detached.with_user(self.agent).action_cs_detach_problem()
        self.assertIn(detached, self.problem.detached_ticket_ids)
        self.problem.customer_summary = "<p>Fixed.</p>"
        self.problem.action_resolve()
        self.assertFalse(detached.stage_id.closed)
        self.assertEqual((self.tickets - detached).stage_id, self.stage_done)
        self.assertFalse(self._company_messages(detached))

    def test_resolving_without_customer_summary_is_refused(self):
        with self.assertRaisesRegex(UserError, "customer summary"):
            self.problem.action_resolve()
        self.assertEqual(self.problem.state, "investigating")
        self.assertFalse(any(self.tickets.stage_id.mapped("closed")))

    def test_resolving_without_tickets_needs_no_summary(self):
        problem = self.env["cs.problem"].create({"name": "Nobody noticed"})
        problem.action_resolve()
        self.assertEqual(problem.state, "resolved")

    def test_linking_a_closed_ticket_is_refused(self):
        closed = self._ticket(self.contacts[0])
        closed.stage_id = self.stage_done
        other = self.env["cs.problem"].create({"name": "Other"})
        with self.assertRaisesRegex(UserError, "Closed tickets cannot be linked"):
            other._cs_link_tickets(closed)
        self.assertFalse(closed.cs_problem_id)

    def test_link_wizard_links_the_selected_tickets(self):
        tickets = self._ticket(self.contacts[1]) | self._ticket(self.contacts[2])
        wizard = self.env["cs.problem.link.wizard"].with_user(self.agent).with_context(
            active_model="helpdesk.ticket", active_ids=tickets.ids).create({"new_problem_name": "Printing"})
        self.assertEqual(wizard.ticket_ids, tickets)
        wizard.action_link()
        self.assertEqual(tickets.cs_problem_id.name, "Printing")

    def test_ticket_suggests_open_problems_of_its_category(self):
        category = self.env["helpdesk.ticket.category"].create({"name": "Sign-in"})
        self.tickets[:2].category_id = category
        new = self._ticket(self.contacts[3], category_id=category.id)
        self.assertEqual(new.cs_problem_suggestion_ids, self.problem)

    def test_task_done_tells_csms_and_asks_owner_for_summary_once(self):
        project = self.env["project.project"].create({"name": "Engineering"})
        self.env["ir.config_parameter"].set_param("customer_success_sla.problem_project_id", project.id)
        self.problem.action_create_task()
        task = self.problem.task_id
        self.assertEqual(task.project_id, project)
        self.assertEqual(task.cs_problem_account_count, 12)
        self.assertEqual(task.cs_problem_ticket_count, 40)
        self.assertEqual(task.cs_problem_account_ids.tier_id, self.tier_be)
        task.state = "1_done"
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", self.accounts.ids)])
        self.assertEqual(len(activities), 12)
        self.assertEqual(activities.user_id, self.csm_a | self.csm_b)
        ask = self.problem.activity_ids
        self.assertEqual(len(ask), 1)
        self.assertEqual(ask.user_id, self.agent)
        self.problem.customer_summary = "<p>Fixed.</p>"
        self.problem.action_resolve()
        self.assertEqual(self.env["mail.activity"].search_count(
            [("res_model", "=", "res.partner"), ("res_id", "in", self.accounts.ids)]), 12, "told once")

    def test_resolving_tells_csms(self):
        self.problem.customer_summary = "<p>Fixed.</p>"
        self.problem.action_resolve()
        self.assertEqual(self.env["mail.activity"].search_count(
            [("res_model", "=", "res.partner"), ("res_id", "in", self.accounts.ids)]), 12)

    def test_create_task_without_project_is_refused(self):
        self.env["ir.config_parameter"].set_param("customer_success_sla.problem_project_id", "")
        with self.assertRaisesRegex(UserError, "engineering project"):
            self.problem.action_create_task()

    def test_portal_has_no_access_and_agents_write(self):
        portal = new_test_user(self.env, login="cs_problem_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.problem.with_user(portal).read(["name"])
        self.problem.with_user(self.agent).write({"state": "identified"})
        self.assertEqual(self.problem.state, "identified")
        with self.assertRaises(AccessError):
            self.problem.with_user(self.agent).unlink()
        self.problem.with_user(self.csm_a).write({"component_ids": [Command.create({"name": "Login"})]})

    def test_relinking_clears_the_detachment(self):
        ticket = self.tickets[6]
        ticket.action_cs_detach_problem()
        self.problem._cs_link_tickets(ticket)
        self.assertNotIn(ticket, self.problem.detached_ticket_ids)

    def test_problems_of_another_company_are_hidden(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        hidden = self.env["cs.problem"].create({"name": "Elsewhere", "company_id": other.id})
        visible = self.env["cs.problem"].with_user(self.agent).search([("id", "in", (hidden | self.problem).ids)])
        self.assertEqual(visible, self.problem)

    def test_an_open_major_problem_puts_its_components_in_outage(self):
        login, reports = self.env["cs.service.component"].create([{"name": "Login"}, {"name": "Reports"}])
        self.problem.write({"component_ids": [Command.set([login.id])], "severity": "critical"})
        minor = self.env["cs.problem"].create({"name": "Slow exports", "is_major": True, "severity": "major",
                                               "component_ids": [Command.set([reports.id])]})
        states = (login | reports)._cs_component_states()
        self.assertEqual(states, {login: "outage", reports: "degraded"})
        minor.action_resolve()
        self.assertEqual((login | reports)._cs_component_states()[reports], "operational")
