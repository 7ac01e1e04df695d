from datetime import datetime, timedelta, timezone

import pytest

from cs_engine.sla_clock import add_working_hours, local_month, warning_hours, working_hours_between

UTC = timezone.utc


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


# Mon 2 to Fri 6 March 2026, 09:00-12:00 and 13:00-18:00; weekend off
BUSINESS = [
    (at(day, start), at(day, stop), None)
    for day in range(2, 7)
    for start, stop in ((9, 12), (13, 18))
] + [
    (at(day, start), at(day, stop), None)
    for day in range(9, 14)
    for start, stop in ((9, 12), (13, 18))
]


def test_within_one_span():
    assert add_working_hours(BUSINESS, at(2, 9), 2) == at(2, 11)


def test_skips_lunch_break():
    assert add_working_hours(BUSINESS, at(2, 11), 2) == at(2, 14)


def test_start_outside_working_time_begins_at_next_span():
    assert add_working_hours(BUSINESS, at(2, 7), 1) == at(2, 10)
    assert add_working_hours(BUSINESS, at(2, 12, 30), 0.5) == at(2, 13, 30)


def test_crosses_the_weekend():
    # Friday 17:00 + 2 working hours = Monday 10:00
    assert add_working_hours(BUSINESS, at(6, 17), 2) == at(9, 10)


def test_minutes_are_exact():
    assert add_working_hours(BUSINESS, at(2, 9), 5 / 60) == at(2, 9, 5)


def test_not_enough_intervals_returns_none():
    assert add_working_hours(BUSINESS, at(13, 17), 5) is None


def test_zero_hours_is_the_start():
    assert add_working_hours(BUSINESS, at(7, 10), 0) == at(7, 10)


def test_working_hours_between_skips_nights_and_weekends():
    assert working_hours_between(BUSINESS, at(6, 17), at(9, 10)) == pytest.approx(2)
    assert working_hours_between(BUSINESS, at(2, 0), at(3, 0)) == pytest.approx(8)
    assert working_hours_between(BUSINESS, at(3, 0), at(2, 0)) == 0


def test_round_trip():
    start = at(4, 16, 20)
    for hours in (0.25, 1, 7.5, 13, 30):
        end = add_working_hours(BUSINESS, start, hours)
        assert working_hours_between(BUSINESS, start, end) == pytest.approx(hours)


def test_around_the_clock_is_wall_clock_time():
    always = [(at(1, 0), at(20, 0), None)]
    start = at(7, 23, 30)
    assert add_working_hours(always, start, 2) == start + timedelta(hours=2)


def test_warning_hours():
    assert warning_hours(10, 80) == 8


def test_local_month_is_the_month_in_the_support_hours_time_zone():
    # 31 Dec 2026 17:00 UTC is already 1 January in Shanghai, still December in Brussels
    start = datetime(2026, 12, 31, 17, 0)
    assert local_month(start, "Asia/Shanghai") == datetime(2027, 1, 1).date()
    assert local_month(start, "Europe/Brussels") == datetime(2026, 12, 1).date()
    assert local_month(start, False) == datetime(2026, 12, 1).date()
    # summer time: 31 Mar 2026 22:30 UTC is 1 April 00:30 in Brussels (UTC+2)
    assert local_month(datetime(2026, 3, 31, 22, 30), "Europe/Brussels") == datetime(2026, 4, 1).date()
