from odoo import Command
from odoo.tests import freeze_time, tagged

from ..models.resource_calendar_holidays import WARNED_YEARS_PARAM
from .sla_common import SlaCase


@tagged("post_install", "-at_install")
class TestSlaChinaCompanyDaysOff(SlaCase):
    """Company days off and the missing-year notice on China's official schedule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.china = cls.env["resource.calendar"].create({
            "name": "China 09-17 (days off)",
            "tz": "Asia/Shanghai",
            "cs_holiday_country": "CN",
            "attendance_ids": [
                Command.create({"name": f"Day {day}", "dayofweek": str(day), "hour_from": 9,
                                "hour_to": 17, "day_period": "full_day"})
                for day in range(5)
            ],
        })
        cls._policy("Standard test high", cls.tier_standard, priority="2", sequence=5, resolution=12)
        cls.customer = cls._company(
            "宁波客户", cs_tier_id=cls.tier_standard.id, cs_resource_calendar_id=cls.china.id)

    def _resolution(self, **values):
        return self._clock(self._ticket(self.customer, **values), "resolution")

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
