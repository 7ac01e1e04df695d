from datetime import date
from unittest.mock import patch

from odoo.tests import freeze_time, tagged

from .sla_common import SlaCase

GROUPINGS = [[], ["start_month:month"], ["cs_tier_id"], ["start_month:month", "cs_tier_id"]]
MEASURES = ["success_rate:avg", "__count"]


@tagged("post_install", "-at_install")
class TestSlaMonthFigures(SlaCase):
    """SLA Analysis reads counted months from cs.ticket.sla.month and the
    months changed since from the clocks: always the clocks' figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Clock = cls.env["cs.ticket.sla"].with_user(cls.agent)
        # 31 January 20:00 UTC: still January in Brussels, already 1 February in Shanghai
        with freeze_time("2026-01-31 20:00:00"):
            cls.january_be = cls._ticket(cls.customer_be)
            cls.january_cn = cls._ticket(cls.customer_cn)
        with freeze_time("2026-03-10 09:00:00"):
            cls.march_be = cls._ticket(cls.customer_be) | cls._ticket(cls.customer_be)

    def _pivot(self, domain=(), from_clocks=False):
        Clock = self.Clock.with_context(cs_sla_from_clocks=True) if from_clocks else self.Clock
        return Clock.formatted_read_grouping_sets(list(domain), GROUPINGS, MEASURES)

    def _assert_same_as_clocks(self, domain=()):
        self.assertEqual(self._pivot(domain), self._pivot(domain, from_clocks=True))

    def _refresh(self, **kwargs):
        with patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.env["cs.ticket.sla.month"]._cron_refresh(**kwargs)

    def _changed_months(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT DISTINCT start_month FROM cs_ticket_sla_month_change ORDER BY 1")
        return [month for month, in self.env.cr.fetchall()]

    def _count(self, pivot, month, tier):
        rows = [row for row in pivot[3]
                if row["start_month:month"][0] == month and row["cs_tier_id"][0] == tier.id]
        return rows[0]["__count"] if rows else 0

    def test_start_month_is_the_month_in_the_support_hours_time_zone(self):
        self.assertEqual(set(self.january_be.cs_sla_ids.mapped("start_month")), {date(2026, 1, 1)})
        self.assertEqual(set(self.january_cn.cs_sla_ids.mapped("start_month")), {date(2026, 2, 1)})

    def test_figures_stay_those_of_the_clocks_through_changes(self):
        self.assertIn(date(2026, 1, 1), self._changed_months(), "new clocks mark their month")
        self._refresh()
        self.assertEqual(self._changed_months(), [])
        pivot = self._pivot()
        self.assertEqual(self._count(pivot, "2026-01-01", self.tier_be), len(self.january_be.cs_sla_ids))
        self.assertEqual(self._count(pivot, "2026-03-01", self.tier_be), len(self.march_be.cs_sla_ids))
        self.assertEqual(self._count(pivot, "2026-02-01", self.tier_cn), len(self.january_cn.cs_sla_ids))
        self._assert_same_as_clocks()

        # targets met: the month is read from the clocks until the next refresh
        with freeze_time("2026-03-10 10:00:00"):
            self.march_be[0].stage_id = self.stage_done
        self.assertEqual(self._changed_months(), [date(2026, 3, 1)])
        met = [("status", "=", "met")]
        self.assertTrue(self._pivot(met)[0][0]["__count"])
        self._assert_same_as_clocks()
        self._assert_same_as_clocks(met)
        self._refresh()
        self._assert_same_as_clocks(met)

        # a ticket changing tier moves its clocks (a related field, recomputed)
        self.january_be.partner_id = self.customer_cn
        self.assertEqual(set(self.january_be.cs_sla_ids.mapped("cs_tier_id")), {self.tier_cn})
        self._assert_same_as_clocks()
        january = self.january_be.cs_sla_ids.filtered(lambda clock: clock.start_month == date(2026, 1, 1))
        self.assertEqual(self._count(self._pivot(), "2026-01-01", self.tier_cn), len(january))

        # a deleted ticket takes its clocks along, by cascade
        self.march_be[1].unlink()
        self._assert_same_as_clocks()
        self._refresh()
        self._assert_same_as_clocks()
        march = self.march_be[0].cs_sla_ids.filtered(lambda clock: clock.start_month == date(2026, 3, 1))
        self.assertEqual(self._count(self._pivot(), "2026-03-01", self.tier_be), len(march))

    def test_counted_months_are_read_from_the_monthly_rows(self):
        self._refresh()
        before = self._count(self._pivot([("status", "=", "met")]), "2026-01-01", self.tier_be)
        # behind the ORM's back: no month is marked as changed
        self.env.cr.execute("UPDATE cs_ticket_sla SET status = 'met', success_rate = 100 WHERE id = ANY(%s)",
                            [self.january_be.cs_sla_ids.ids])
        met = [("status", "=", "met")]
        self.assertEqual(self._count(self._pivot(met), "2026-01-01", self.tier_be), before)
        self.assertEqual(self._count(self._pivot(met, from_clocks=True), "2026-01-01", self.tier_be),
                         len(self.january_be.cs_sla_ids))
        # groupings the monthly rows cannot answer read the clocks
        by_account = self.Clock._read_group(met, ["partner_id"], ["__count"])
        self.assertIn((self.customer_be, len(self.january_be.cs_sla_ids)), by_account)
        self.env["cs.ticket.sla.month"]._cs_rebuild()
        self._assert_same_as_clocks(met)

    def test_a_refresh_counts_a_bounded_number_of_months(self):
        self._refresh()
        self.env["cs.ticket.sla"]._cs_mark_months([date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)])
        self._refresh(months_per_run=2)
        self.assertEqual(self._changed_months(), [date(2026, 1, 1)], "the oldest changes first")
        self._assert_same_as_clocks()

    def test_a_caller_cannot_switch_a_read_to_the_monthly_rows(self):
        """Only the addon's own Python object switches the source; a context
        sent over JSON-RPC (a list) reads the clocks as usual."""
        forged = self.Clock.with_context(cs_monthly_source=[])
        expected = self.Clock._read_group([], ["partner_id"], ["__count"])
        self.assertEqual(forged._read_group([], ["partner_id"], ["__count"]), expected)
        self.assertEqual(forged.search_count([]), self.Clock.search_count([]))

    def test_a_customer_counts_only_the_clocks_of_their_company(self):
        """The portal rule on clocks names the ticket's account, which the
        monthly rows do not hold: a customer's grouping reads the clocks,
        under that rule, never another company's counts."""
        own = self._ticket(self.contact_be)
        self._refresh()
        Clock = self.env["cs.ticket.sla"].with_user(self.portal_be)
        total = Clock._read_group([], [], ["__count"])[0][0]
        self.assertEqual(total, len(own.cs_sla_ids.filtered(lambda clock: clock.kind != "level_response")))
        by_month = Clock.formatted_read_grouping_sets([], GROUPINGS, MEASURES)
        self.assertFalse([row for row in by_month[2] if row["cs_tier_id"] and row["cs_tier_id"][0] == self.tier_cn.id])
