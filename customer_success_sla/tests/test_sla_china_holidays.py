from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from ..models.resource_calendar_holidays import WARNED_YEARS_PARAM
from .sla_common import SlaCase


@tagged("post_install", "-at_install")
class TestSlaChinaHolidays(SlaCase):
    """Calendars with China's official schedule: National Day off, the
    make-up Saturday (调休) worked with Monday's hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.china = cls.env["resource.calendar"].create({
            "name": "China 09-17",
            "tz": "Asia/Shanghai",
            "cs_holiday_country": "CN",
            "attendance_ids": [
                Command.create({"name": f"Day {day}", "dayofweek": str(day), "hour_from": 9,
                                "hour_to": 17, "day_period": "full_day"})
                for day in range(5)
            ],
        })
        cls.policy_standard = cls._policy("Standard test", cls.tier_standard, resolution=10)
        cls.policy_standard_high = cls._policy(
            "Standard test high", cls.tier_standard, priority="2", sequence=5, resolution=12)
        cls.customer = cls._company(
            "杭州客户", cs_tier_id=cls.tier_standard.id, cs_resource_calendar_id=cls.china.id)
        cls.admin = new_test_user(cls.env, login="cs_cn_admin", groups="customer_success_sla.group_cs_admin")

    def _resolution(self, **values):
        return self._clock(self._ticket(self.customer, **values), "resolution")

    # Wednesday 30 September 2026, 16:00 in Shanghai
    @freeze_time("2026-09-30 08:00:00")
    def test_national_day_is_skipped(self):
        clock = self._resolution(priority="1")
        self.assertEqual(clock.calendar_id, self.china)
        # 1 h on the 30th, 1-7 October off, 8 h on Thursday 8, 1 h on Friday 9
        self.assertEqual(clock.deadline, self.utc(2026, 10, 9, 2, 0))

    # Friday 9 October 2026, 16:00 in Shanghai
    @freeze_time("2026-10-09 08:00:00")
    def test_makeup_saturday_is_worked(self):
        # 1 h on Friday, 8 h on Saturday 10 October (调休), 3 h on Monday 12
        self.assertEqual(self._resolution(priority="2").deadline, self.utc(2026, 10, 12, 4, 0))

    @freeze_time("2026-09-30 08:00:00")
    def test_odoo_time_off_still_applies(self):
        self.env["resource.calendar.leaves"].create({
            "name": "Company day off", "calendar_id": self.china.id, "resource_id": False,
            "date_from": "2026-10-07 16:00:00", "date_to": "2026-10-08 15:59:59",
        })
        # Thursday 8 off too: 1 h on the 30th, 8 h on Friday 9, 1 h on Saturday 10 (调休)
        self.assertEqual(self._resolution(priority="1").deadline, self.utc(2026, 10, 10, 2, 0))

    @freeze_time("2026-09-30 08:00:00")
    def test_without_country_the_weekly_hours_apply(self):
        self.china.cs_holiday_country = False
        # 1 h on the 30th, 8 h on Thursday 1 October, 1 h on Friday 2
        self.assertEqual(self._resolution(priority="1").deadline, self.utc(2026, 10, 2, 2, 0))

    # Friday 2 October 2099, 16:00 in Shanghai: a year the package does not know
    @freeze_time("2099-10-02 08:00:00")
    def test_unknown_year_falls_back_and_tells_an_administrator_once(self):
        self.env["ir.config_parameter"].sudo().set_param(WARNED_YEARS_PARAM, "")
        # Weekly hours: 1 h on Friday, 8 h on Monday 5, 1 h on Tuesday 6
        self.assertEqual(self._resolution(priority="1").deadline, self.utc(2099, 10, 6, 2, 0))
        self._resolution(priority="2")
        self._resolution(priority="1")
        activities = self.env["mail.activity"].search([
            ("res_model", "=", "resource.calendar"), ("summary", "ilike", "2099")])
        self.assertEqual(len(activities), 1)
        self.assertIn(activities.user_id, self.env.ref("customer_success_sla.group_cs_admin").all_user_ids)
        self.assertIn("2099", activities.note)

    def test_china_holidays_need_weekday_hours(self):
        with self.assertRaisesRegex(ValidationError, "no working time from Monday to Friday"):
            self.env["resource.calendar"].create({
                "name": "Weekend only", "tz": "Asia/Shanghai", "cs_holiday_country": "CN",
                "attendance_ids": [Command.clear(), Command.create(
                    {"name": "Saturday", "dayofweek": "5", "hour_from": 9, "hour_to": 17, "day_period": "full_day"})],
            })

    def test_shipped_china_calendar(self):
        calendar = self.env.ref("customer_success_sla.calendar_support_china")
        self.assertEqual((calendar.tz, calendar.cs_holiday_country), ("Asia/Shanghai", "CN"))
        self.assertEqual(calendar._cs_makeup_hours(), [(9.0, 12.0), (13.0, 18.0)])

    def test_contacts_use_the_account_support_hours(self):
        contact = self.Partner.create({"name": "王芳", "parent_id": self.customer.id})
        self.assertEqual(contact._cs_support_calendar(), self.china)
        self.customer.cs_resource_calendar_id = False
        self.assertEqual(contact._cs_support_calendar(), self.tier_standard.resource_calendar_id)

    # Friday 9 October 2026, 16:00 in Shanghai
    @freeze_time("2026-10-09 08:00:00")
    def test_company_day_off_on_a_makeup_saturday(self):
        self.env["resource.calendar.leaves"].create({
            "name": "Company day off", "calendar_id": self.china.id, "resource_id": False,
            "date_from": "2026-10-09 16:00:00", "date_to": "2026-10-10 15:59:59",
        })
        # Saturday 10 (调休) off for the company: 1 h on Friday, 8 h on Monday 12, 3 h on Tuesday 13
        self.assertEqual(self._resolution(priority="2").deadline, self.utc(2026, 10, 13, 4, 0))

    # Friday 2 October 2099: a year the holiday package does not know
    @freeze_time("2099-10-02 08:00:00")
    def test_missing_year_is_kept_until_an_administrator_is_told(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(WARNED_YEARS_PARAM, "")
        group = self.env.ref("customer_success_sla.group_cs_admin")
        admins = group.all_user_ids.filtered(lambda user: user.active and not user.share)
        admins.active = False
        self._resolution(priority="2")
        self.assertFalse(params.get_param(WARNED_YEARS_PARAM), "nobody was told yet")
        admins.active = True
        self._resolution(priority="2")
        activities = self.env["mail.activity"].search([
            ("res_model", "=", "resource.calendar"), ("res_id", "=", self.china.id), ("summary", "ilike", "2099")])
        self.assertEqual(len(activities), 1)
        self.assertIn(activities.user_id, admins)
        self.assertIn("2099", params.get_param(WARNED_YEARS_PARAM))
