"""The read paths measured by bench/scale_bench.py on a million tickets:
the open/closed filter is written with stage ids, and the queries of the
busy screens keep the indexes they were given (query plan shapes: the
tables here are small, so sequential scans are switched off, as the
planner would leave them at scale)."""

from odoo.tools import SQL

from .common import CustomerSuccessCase


class TestScaleReadPaths(CustomerSuccessCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["helpdesk.ticket.stage"]
        cls.stage_open = Stage.create({"name": "Scale open", "closed": False})
        cls.stage_closed = Stage.create({"name": "Scale closed", "closed": True, "fold": True})
        cls.stage_archived_closed = Stage.create({"name": "Scale archived closed", "closed": True, "active": False})
        customer = cls._company("Scale customer")
        cls.open_ticket = cls._ticket(customer, stage_id=cls.stage_open.id)
        cls.closed_ticket = cls._ticket(customer, stage_id=cls.stage_closed.id)
        cls.archived_stage_ticket = cls._ticket(customer, stage_id=cls.stage_archived_closed.id)
        cls.customer = customer
        cls.mine = cls.open_ticket | cls.closed_ticket | cls.archived_stage_ticket

    def _plan(self, query):
        self.env.flush_all()
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        return "\n".join(row[0] for row in self.env.cr.fetchall())

    def _no_seqscan(self, bitmap=True):
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        if not bitmap:
            self.env.cr.execute("SET LOCAL enable_bitmapscan = off")

    # ------------------------------------------------------------------
    # closed / open, with stage ids
    # ------------------------------------------------------------------

    def test_closed_filter_finds_what_the_stage_says(self):
        """Same tickets as the stage's flag, archived stages included."""
        Ticket = self.Ticket.with_context(active_test=True)
        mine = [("id", "in", self.mine.ids)]
        self.assertEqual(Ticket.search(mine + [("closed", "=", False)]), self.open_ticket)
        self.assertEqual(Ticket.search(mine + [("closed", "=", True)]),
                         self.closed_ticket | self.archived_stage_ticket)
        self.assertEqual(Ticket.search(mine + [("closed", "!=", True)]), self.open_ticket)
        self.assertEqual(Ticket.search(mine + [("stage_id.closed", "=", False)]), self.open_ticket)
        self.assertEqual(Ticket.search(mine + [("closed", "in", [True, False])]), self.mine)
        self.assertEqual(Ticket.search(mine + ["!", ("closed", "=", False)]),
                         self.closed_ticket | self.archived_stage_ticket)
        self.assertEqual(Ticket.search_count(mine + [("closed", "=", False)]), 1)
        groups = dict(Ticket._read_group(mine + [("closed", "=", False)], ["stage_id"], ["__count"]))
        self.assertEqual(groups, {self.stage_open: 1})

    def test_closed_filter_reads_no_stage_subquery(self):
        """The SQL names the stages' ids: no NOT IN (SELECT … FROM stage)
        that PostgreSQL can only check ticket by ticket."""
        for domain in ([("closed", "=", False)], [("stage_id.closed", "=", False)], [("closed", "=", True)]):
            sql = self.Ticket._search(domain).select().code
            self.assertNotIn("helpdesk_ticket_stage", sql, domain)
        open_domain = self.Ticket._cs_stage_ids_domain([("closed", "=", False)])
        self.assertIn(self.stage_open.id, next(c.value for c in open_domain.iter_conditions()
                                               if c.field_expr == "stage_id" and c.operator == "in"))

    # ------------------------------------------------------------------
    # index shapes
    # ------------------------------------------------------------------

    def test_ticket_list_reads_the_order_index(self):
        """The list in the model's order, whole or per kanban column,
        is read from an index in that order: no sort of every ticket."""
        self._no_seqscan(bitmap=False)
        plan = self._plan(self.Ticket._search([], limit=80, order=self.Ticket._order))
        self.assertIn("helpdesk_ticket_cs_list_order_idx", plan)
        self.assertNotIn("Sort", plan)
        plan = self._plan(self.Ticket._search([("stage_id", "=", self.stage_closed.id)], limit=40,
                                              order=self.Ticket._order))
        self.assertIn("helpdesk_ticket_cs_stage_list_order_idx", plan)
        self.assertNotIn("Sort", plan)

    def test_customer_tickets_read_the_partner_index(self):
        """The portal list and the partner form read a customer's tickets by partner."""
        self._no_seqscan()
        plan = self._plan(self.Ticket._search([("partner_id", "=", self.customer.id)], order="create_date desc"))
        self.assertIn("helpdesk_ticket__partner_id_index", plan)

    def test_ticket_form_reads_duplicates_by_index(self):
        self._no_seqscan()
        plan = self._plan(self.Ticket._search([("duplicate_id", "in", self.open_ticket.ids)]))
        self.assertIn("helpdesk_ticket__duplicate_id_index", plan)

    def test_text_search_reads_the_trigram_indexes(self):
        self._no_seqscan()
        plan = self._plan(self.Ticket._search(["|", ("number", "ilike", "printer"), ("name", "ilike", "printer")]))
        self.assertIn("helpdesk_ticket__name_index", plan)
        self.assertIn("helpdesk_ticket__number_index", plan)

    def test_agent_load_reads_only_the_index(self):
        """Routing counts the open tickets of agents by priority (the sweep's
        escalations and every new ticket): from the index alone."""
        self._no_seqscan(bitmap=False)
        query = self.Ticket._search([("user_id", "in", self.agent.ids), ("stage_id.closed", "=", False)])
        self.env.cr.execute(SQL("EXPLAIN %s", query.select(SQL('"helpdesk_ticket"."user_id"'),
                                                           SQL('"helpdesk_ticket"."priority"'))))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("helpdesk_ticket_cs_agent_load_idx", plan)
        self.assertNotIn("helpdesk_ticket_stage", plan)

    # ------------------------------------------------------------------
    # portal list
    # ------------------------------------------------------------------

    def test_portal_list_mine_or_followed_from_indexes(self):
        """A portal contact who does not see the company's tickets lists its
        own and those it follows, as the record rule says, without the
        rule's OR over the followers that reads every ticket."""
        from odoo.tests import new_test_user
        from ..models.helpdesk_ticket_portal import PORTAL_LIST_FILTER

        contact = self.Partner.create({"name": "Scale contact", "parent_id": self.customer.id})
        user = new_test_user(self.env, login="scale_portal", groups="base.group_portal", partner_id=contact.id)
        other = self.Partner.create({"name": "Scale other", "parent_id": self.customer.id})
        own = self._ticket(contact)
        followed = self._ticket(other)
        followed.message_subscribe(partner_ids=contact.ids)
        not_mine = self._ticket(other)
        Ticket = self.Ticket.with_user(user).with_context(**{PORTAL_LIST_FILTER: {"scope": None, "state": None}})
        found = Ticket.search([("id", "in", (own | followed | not_mine).ids)])
        self.assertEqual(found, own | followed)
        self.assertEqual(Ticket.search_count([("id", "in", (own | followed | not_mine).ids)]), 2)
        own_domain = Ticket._cs_portal_own_domain()
        sql = self.Ticket._search(own_domain).select().code
        self.assertNotIn("mail_followers", sql)

    # ------------------------------------------------------------------
    # analyses: no JIT compilation (it cost more than it saved at scale)
    # ------------------------------------------------------------------

    def test_ticket_analysis_and_kpi_reads_run_without_jit(self):
        def jit():
            self.env.cr.execute("SHOW jit")
            return self.env.cr.fetchone()[0]

        Report = self.env["cs.ticket.report"]
        for read in (lambda: Report._read_group([], ["cs_tier_id"], ["__count"]),
                     lambda: Report._read_grouping_sets([], [["create_date:week"], []], ["__count"])):
            self.env.cr.execute("SET LOCAL jit = on")
            read()
            self.assertEqual(jit(), "off")
