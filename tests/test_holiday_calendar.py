from datetime import date, datetime, timedelta

import pytz

from cs_engine.holiday_calendar import adjust_intervals, classify_days, local_days
from cs_engine.sla_clock import add_working_hours

SHANGHAI = pytz.timezone("Asia/Shanghai")

# Official 2026 schedule around National Day, as chinese_calendar knows it.
OFF = {date(2026, 10, day) for day in range(1, 8)}
WORKED_WEEKENDS = {date(2026, 9, 20), date(2026, 10, 10)}


def official(day):
    if day.year != 2026:
        raise NotImplementedError(f"no available data for year {day.year}")
    if day in OFF:
        return False
    return day.weekday() < 5 or day in WORKED_WEEKENDS


def local(day, hour):
    return SHANGHAI.localize(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def weekly(first, last, hours=((9, 17),)):
    """09:00-17:00 Monday to Friday, as Odoo's calendar gives it."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [(local(day, begin), local(day, end)) for day in days if day.weekday() < 5 for begin, end in hours]


def test_classify_days():
    days = [date(2026, 9, 19) + timedelta(days=n) for n in range(25)]
    off, makeup, missing = classify_days(days, official)
    assert off == {date(2026, 10, day) for day in (1, 2, 5, 6, 7)}  # weekdays of the holiday
    assert makeup == WORKED_WEEKENDS
    assert not missing


def test_unknown_year_is_reported_and_left_alone():
    days = [date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 2)]
    off, makeup, missing = classify_days(days, official)
    assert (off, makeup, missing) == (set(), set(), {2027})


def test_local_days_follow_the_timezone():
    start = pytz.utc.localize(datetime(2026, 9, 30, 20))  # 1 Oct 04:00 in Shanghai
    assert local_days(start, start + timedelta(hours=1), SHANGHAI) == [date(2026, 10, 1)]


def _deadline(start, hours):
    intervals = weekly(date(2026, 9, 28), date(2026, 10, 20))
    off, makeup, _missing = classify_days(local_days(intervals[0][0], intervals[-1][1], SHANGHAI), official)
    adjusted = adjust_intervals(intervals, SHANGHAI, off, makeup, [(9, 17)])
    return add_working_hours(adjusted, start, hours)


def test_national_day_skipped():
    # Wed 30 Sept 16:00 + 10 h: 1 h on the 30th, 1-7 Oct off, 8 h on Thu 8, 1 h on Fri 9
    assert _deadline(local(date(2026, 9, 30), 16), 10) == local(date(2026, 10, 9), 10)


def test_makeup_saturday_worked():
    # Fri 9 Oct 16:00 + 12 h: 1 h on Friday, 8 h on Saturday 10 (调休), 3 h on Monday
    assert _deadline(local(date(2026, 10, 9), 16), 12) == local(date(2026, 10, 12), 12)


def test_makeup_hours_clipped_to_window_and_merged():
    intervals = [(local(date(2026, 10, 9), 9), local(date(2026, 10, 9), 17))]
    window = (local(date(2026, 10, 9), 0), local(date(2026, 10, 10), 12))
    adjusted = adjust_intervals(intervals, SHANGHAI, set(), {date(2026, 10, 10)}, [(9, 12), (13, 17)], window)
    assert adjusted == [
        (local(date(2026, 10, 9), 9), local(date(2026, 10, 9), 17)),
        (local(date(2026, 10, 10), 9), local(date(2026, 10, 10), 12)),
    ]


def test_holiday_cut_out_of_a_long_interval():
    # Around the clock: one interval over several days loses the holiday only
    intervals = [(local(date(2026, 9, 30), 0), local(date(2026, 10, 3), 0))]
    adjusted = adjust_intervals(intervals, SHANGHAI, {date(2026, 10, 1)}, set(), [])
    assert adjusted == [
        (local(date(2026, 9, 30), 0), local(date(2026, 10, 1), 0)),
        (local(date(2026, 10, 2), 0), local(date(2026, 10, 3), 0)),
    ]


def test_company_day_off_on_a_makeup_day_is_not_worked():
    # Saturday 10 October (调休) is a company day off: Fri 9 Oct 16:00 + 12 h is
    # 1 h on Friday, 8 h on Monday 12, 3 h on Tuesday 13
    intervals = weekly(date(2026, 9, 28), date(2026, 10, 20))
    off, makeup, _missing = classify_days(local_days(intervals[0][0], intervals[-1][1], SHANGHAI), official)
    day_off = [(local(date(2026, 10, 10), 0), local(date(2026, 10, 11), 0))]
    adjusted = adjust_intervals(intervals, SHANGHAI, off, makeup, [(9, 17)], leaves=day_off)
    assert add_working_hours(adjusted, local(date(2026, 10, 9), 16), 12) == local(date(2026, 10, 13), 12)
