"""Official public holidays and make-up working days (调休) on work intervals.

Pure functions: the caller looks the days up (``chinese_calendar`` for
China) and passes the answers in. An interval is a ``(start, stop)`` pair of
aware datetimes, sorted and disjoint, as the SLA clock arithmetic walks them.
"""

from datetime import datetime, time, timedelta


def classify_days(days, is_workday):
    """Sort local dates into official days off and make-up working days.

    ``is_workday(day)`` answers the official schedule and raises
    ``NotImplementedError`` for a year it has no data for. Returns
    ``(off_days, makeup_days, missing_years)``: weekdays that are holidays,
    weekend days that are worked, and the years the lookup did not know
    (their days keep the plain weekly hours).
    """
    off_days, makeup_days, missing_years = set(), set(), set()
    for day in days:
        if day.year in missing_years:
            continue
        try:
            worked = is_workday(day)
        except NotImplementedError:
            missing_years.add(day.year)
            continue
        if day.weekday() < 5 and not worked:
            off_days.add(day)
        elif day.weekday() >= 5 and worked:
            makeup_days.add(day)
    return off_days, makeup_days, missing_years


def local_days(start, end, tz):
    """Every local date (in ``tz``) touched by the aware instants [start, end]."""
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _day_span(day, tz, hour_from, hour_to):
    def at(hour):
        midnight = datetime.combine(day, time()) + timedelta(hours=hour)
        return tz.localize(midnight)
    return at(hour_from), at(hour_to)


def _subtract(intervals, holes):
    result = []
    for start, stop in intervals:
        pieces = [(start, stop)]
        for hole_start, hole_stop in holes:
            if hole_stop <= start or hole_start >= stop:
                continue
            pieces = [
                piece
                for begin, end in pieces
                for piece in ((begin, min(end, hole_start)), (max(begin, hole_stop), end))
                if piece[1] > piece[0]
            ]
        result.extend(pieces)
    return result


def _merge(intervals):
    merged = []
    for start, stop in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


def adjust_intervals(intervals, tz, off_days, makeup_days, makeup_hours, window=None, leaves=()):
    """Work intervals with the official schedule applied.

    Removes the whole local days ``off_days`` and adds, on each of
    ``makeup_days``, the ``makeup_hours`` ((hour_from, hour_to) pairs in
    local hours: the calendar's Monday) clipped to ``window`` (start, stop)
    when given. ``leaves`` (aware (start, stop) pairs: the company's own days
    off) are removed last, so that they apply to make-up days too. ``tz`` is
    a pytz timezone; the result is sorted and merged.
    """
    holes = sorted(_day_span(day, tz, 0, 24) for day in off_days)
    kept = _subtract([(start, stop) for start, stop, *_rest in intervals], holes)
    added = [_day_span(day, tz, hour_from, hour_to) for day in makeup_days for hour_from, hour_to in makeup_hours]
    if window:
        added = [(max(begin, window[0]), min(end, window[1])) for begin, end in added]
        added = [(begin, end) for begin, end in added if end > begin]
    merged = _merge(kept + added)
    if leaves:
        merged = _subtract(merged, sorted((start, stop) for start, stop, *_rest in leaves))
    return merged
