import logging

import chinese_calendar
from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import holiday_calendar

_logger = logging.getLogger(__name__)

# Years whose missing holiday data the administrators were told about.
WARNED_YEARS_PARAM = "customer_success_sla.cn_holiday_missing_years"
WEEKDAYS = {"0", "1", "2", "3", "4"}


class ResourceCalendar(models.Model):
    """Official public holidays and make-up working days (调休) of a country
    on top of the weekly hours; Odoo's own leaves keep applying."""

    # Activities (holiday data missing) are scheduled on the calendar itself.
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "mail.thread", "mail.activity.mixin"]

    cs_holiday_country = fields.Selection(
        [("CN", "China")],
        string="Official Holidays",
        help="SLA clocks on these hours skip the country's official public holidays and work its "
        "official make-up working days (调休) with the hours of Monday. Empty: the weekly hours "
        "and the time off entered in Odoo only.",
    )

    @api.constrains("cs_holiday_country", "attendance_ids")
    def _check_cs_holiday_country(self):
        for calendar in self.filtered("cs_holiday_country"):
            if not calendar.attendance_ids.filtered(lambda a: a.dayofweek in WEEKDAYS and a.day_period != "lunch"):
                raise ValidationError(self.env._(
                    "The working hours %(calendar)s follow official holidays but have no working time "
                    "from Monday to Friday: give them weekday hours first.",
                    calendar=calendar.name,
                ))

    def _cs_makeup_hours(self):
        """Hours of a make-up working day: the calendar's Monday."""
        return sorted({
            (attendance.hour_from, attendance.hour_to)
            for attendance in self.attendance_ids
            if attendance.dayofweek == "0" and attendance.day_period != "lunch"
        })

    def _cs_work_intervals(self, start, end):
        intervals = super()._cs_work_intervals(start, end)
        if self.cs_holiday_country != "CN":
            return intervals
        tz = timezone(self.tz or "UTC")
        window = (utc.localize(start), utc.localize(end))
        off_days, makeup_days, missing_years = holiday_calendar.classify_days(
            holiday_calendar.local_days(*window, tz), chinese_calendar.is_workday
        )
        if missing_years:
            self._cs_warn_missing_holidays(missing_years)
        # the company's own days off (Odoo's leaves) apply to make-up days too
        leaves = self._leave_intervals_batch(*window)[False] if makeup_days else ()
        adjusted = holiday_calendar.adjust_intervals(
            intervals, tz, off_days, makeup_days, self._cs_makeup_hours(), window, leaves
        )
        return [(begin.astimezone(utc), stop.astimezone(utc)) for begin, stop in adjusted]

    def _cs_warn_missing_holidays(self, years):
        """One activity per year the holiday package does not know, for one
        administrator: until it is upgraded, those days use the weekly hours."""
        # sudo: whoever opened the clock warns; the parameter and the activity are the system's.
        params = self.env["ir.config_parameter"].sudo()
        warned = {int(year) for year in (params.get_param(WARNED_YEARS_PARAM) or "").split(",") if year.strip()}
        new_years = sorted(set(years) - warned)
        if not new_years:
            return
        _logger.warning("No official holiday data for %s: SLA clocks on %s use the weekly hours.",
                        new_years, self.name)
        admin = self.env.ref("customer_success_sla.group_cs_admin").sudo().all_user_ids.filtered(
            lambda user: user.active and not user.share
        ).sorted("id")[:1]
        if not admin:
            return  # not saved as told: the first administrator added hears of it
        calendar = self.sudo().with_context(lang=admin.lang or "en_US")
        for year in new_years:
            calendar.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=calendar.env._("Official holidays of %(year)s missing", year=year),
                note=calendar.env._(
                    "The installed holiday data (Python package chinesecalendar) does not know the "
                    "official holidays and make-up working days of %(year)s. Until it is upgraded, SLA "
                    "clocks on %(calendar)s count the plain weekly hours on those days.",
                    year=year, calendar=self.name,
                ),
                user_id=admin.id,
            )
        params.set_param(WARNED_YEARS_PARAM, ",".join(str(year) for year in sorted(warned | set(new_years))))
