import math
from datetime import timedelta

from pytz import utc

from odoo import api, models

from ..engine import sla_clock

# Working hours are looked up in a window wide enough for the target; the
# window doubles when a long holiday swallows it, up to about two years.
MIN_WINDOW_DAYS = 14
MAX_WINDOW_DOUBLINGS = 6


def _to_naive_second(instant):
    """Naive UTC, rounded to the second: targets like 5 minutes are stored
    as fractions of an hour and must not leave microsecond noise."""
    return (instant.astimezone(utc) + timedelta(microseconds=500000)).replace(tzinfo=None, microsecond=0)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _cs_weekly_hours(self):
        self.ensure_one()
        return sum(self.attendance_ids.filtered(lambda a: a.day_period != "lunch").mapped("duration_hours"))

    def _cs_work_intervals(self, start, end):
        """Work intervals of this calendar between two naive UTC datetimes:
        attendances in the calendar's timezone minus company-wide leaves
        (public holidays), as aware UTC (start, stop) pairs."""
        self.ensure_one()
        intervals = self._work_intervals_batch(utc.localize(start), utc.localize(end))[False]
        return [(begin.astimezone(utc), stop.astimezone(utc)) for begin, stop, _meta in intervals]

    def _cs_window_days(self, hours):
        weekly = self._cs_weekly_hours() or 1.0
        return max(MIN_WINDOW_DAYS, math.ceil(hours / weekly * 7) + MIN_WINDOW_DAYS)

    @api.model
    def _cs_add_working_hours_batch(self, requests):
        """Deadlines for many clocks at once.

        ``requests``: list of (calendar, start, hours) with naive UTC starts.
        Returns the naive UTC instants, in the same order, at which ``hours``
        of the calendar's working time have elapsed. Work intervals are read
        once per calendar for the whole batch.
        """
        results = [None] * len(requests)
        by_calendar = {}
        for index, (calendar, start, hours) in enumerate(requests):
            by_calendar.setdefault(calendar, []).append(index)
        for calendar, indexes in by_calendar.items():
            pending = indexes
            window = calendar._cs_window_days(max(requests[i][2] for i in indexes))
            for _attempt in range(MAX_WINDOW_DOUBLINGS):
                first = min(requests[i][1] for i in pending)
                last = max(requests[i][1] for i in pending)
                intervals = calendar._cs_work_intervals(first, last + timedelta(days=window))
                still_pending = []
                for index in pending:
                    _calendar, start, hours = requests[index]
                    deadline = sla_clock.add_working_hours(intervals, utc.localize(start), hours)
                    if deadline is None:
                        still_pending.append(index)
                    else:
                        results[index] = _to_naive_second(deadline)
                pending = still_pending
                if not pending:
                    break
                window *= 2
        return results

    @api.model
    def _cs_working_hours_batch(self, requests):
        """Working hours between (calendar, start, end) naive UTC triples, in order."""
        results = [0.0] * len(requests)
        by_calendar = {}
        for index, (calendar, start, end) in enumerate(requests):
            if end > start:
                by_calendar.setdefault(calendar, []).append(index)
        for calendar, indexes in by_calendar.items():
            intervals = calendar._cs_work_intervals(
                min(requests[i][1] for i in indexes), max(requests[i][2] for i in indexes)
            )
            for index in indexes:
                _calendar, start, end = requests[index]
                results[index] = sla_clock.working_hours_between(
                    intervals, utc.localize(start), utc.localize(end)
                )
        return results
