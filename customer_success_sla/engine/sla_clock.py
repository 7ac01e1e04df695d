"""SLA clock arithmetic over work intervals.

Work intervals come from Odoo's working calendars (``resource.calendar.
_work_intervals_batch``: attendances in the calendar's timezone, minus
company-wide leaves such as public holidays); this module only walks them.
An interval is any ``(start, stop, ...)`` tuple of aware datetimes, as
``odoo.tools.intervals.Intervals`` yields, sorted and disjoint.
"""

from datetime import timedelta

import pytz

HOUR = timedelta(hours=1)


def _spans(intervals):
    for interval in intervals:
        yield interval[0], interval[1]


def working_hours_between(intervals, start, end):
    """Working hours inside [start, end)."""
    if end <= start:
        return 0.0
    total = timedelta()
    for span_start, span_stop in _spans(intervals):
        overlap_start, overlap_stop = max(span_start, start), min(span_stop, end)
        if overlap_stop > overlap_start:
            total += overlap_stop - overlap_start
    return total / HOUR


def add_working_hours(intervals, start, hours):
    """The instant at which ``hours`` of working time have elapsed after
    ``start``; ``None`` when the intervals end first (the caller widens its
    window and asks again). Zero hours from outside working time gives the
    start itself."""
    remaining = timedelta(hours=hours)
    if remaining <= timedelta():
        return start
    for span_start, span_stop in _spans(intervals):
        if span_stop <= start:
            continue
        span_start = max(span_start, start)
        available = span_stop - span_start
        if remaining <= available:
            return span_start + remaining
        remaining -= available
    return None


def warning_hours(target_hours, warning_percent):
    """Working hours after the start at which a clock turns 'at risk'."""
    return target_hours * warning_percent / 100.0


def local_month(start, tz_name):
    """First day of the month in which ``start`` (naive UTC, as Odoo stores
    datetimes) falls in the time zone ``tz_name`` (UTC when empty): the SLA
    month of a clock, counted in its support hours' time zone as the SLA
    statements count it."""
    local = pytz.utc.localize(start).astimezone(pytz.timezone(tz_name or "UTC"))
    return local.date().replace(day=1)
