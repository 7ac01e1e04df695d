from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo's tickets went the way real ones go: answered, then closed."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("customer_success_sla.ticket_northwind_password", raise_if_not_found=False):
            self.skipTest("installed without demo data")

    def test_no_closed_ticket_has_an_open_clock(self):
        open_clocks = self.env["cs.ticket.sla"].search(
            [("ticket_id.stage_id.closed", "=", True), ("status", "in", ["running", "paused"])])
        self.assertFalse(open_clocks, "closed tickets have nothing left to breach: "
                         + ", ".join(f"{c.ticket_id.number} {c.kind}" for c in open_clocks))

    def test_closed_demo_tickets_met_their_first_response_and_resolution(self):
        for xmlid in ("ticket_northwind_password", "ticket_contoso_label"):
            ticket = self.env.ref(f"customer_success_sla.{xmlid}")
            self.assertTrue(ticket.stage_id.closed)
            self.assertTrue(ticket.cs_first_response_date, "an agent answered before closing")
            kinds = {clock.kind: clock.status for clock in ticket.cs_sla_ids
                     if clock.kind in ("first_response", "resolution")}
            self.assertEqual(kinds, {"first_response": "met", "resolution": "met"}, xmlid)
            self.assertEqual(ticket.cs_sla_status, "met")

    def test_waiting_demo_ticket_reads_paused(self):
        ticket = self.env.ref("customer_success_sla.ticket_northwind_invoice")
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting"))
        self.assertTrue(ticket.cs_first_response_date, "the agent asked the customer before waiting")
        self.assertEqual(ticket.cs_sla_status, "paused")
