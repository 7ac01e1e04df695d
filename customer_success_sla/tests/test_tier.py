from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerSuccessCase


@tagged("post_install", "-at_install")
class TestTier(CustomerSuccessCase):
    def test_shipped_tiers_have_their_own_support_hours(self):
        calendars = (self.tier_vip | self.tier_core | self.tier_standard).resource_calendar_id
        self.assertEqual(len(calendars), 3)
        vip_hours = sum(self.tier_vip.resource_calendar_id.attendance_ids.mapped("duration_hours"))
        self.assertEqual(vip_hours, 7 * 24, "VIP support runs around the clock")
        standard_days = set(self.tier_standard.resource_calendar_id.attendance_ids.mapped("dayofweek"))
        self.assertEqual(standard_days, {"0", "1", "2", "3", "4"}, "business days only")
        self.assertTrue(self.tier_vip.csm_required)
        self.assertFalse(self.tier_standard.csm_required)

    def test_duplicate_code_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self.env["cs.tier"].create({"name": "Another VIP", "code": " vip "})

    def test_code_is_normalised(self):
        tier = self.env["cs.tier"].create({"name": "Gold", "code": " gold "})
        self.assertEqual(tier.code, "GOLD")

    def test_non_positive_health_interval_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self.tier_core.health_check_interval_days = 0

    def test_agent_reads_but_cannot_edit_tiers(self):
        tier = self.tier_core.with_user(self.agent)
        self.assertEqual(tier.name, "Core")
        with self.assertRaises(AccessError):
            tier.write({"name": "Hacked"})
        with self.assertRaises(AccessError):
            self.env["cs.tier"].with_user(self.agent).create({"name": "Mine", "code": "MINE"})

    def test_partner_count_counts_companies_of_the_tier(self):
        gold = self.env["cs.tier"].create({"name": "Gold", "code": "GOLD"})
        company = self._company("Gold Customer", cs_tier_id=gold.id)
        self.Partner.create({"name": "Contact", "parent_id": company.id})
        self.assertEqual(gold.partner_count, 1)
