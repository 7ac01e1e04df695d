from datetime import date

from cs_engine.sla_credit import (compliance, credit_percent, next_month, percent_error,
                                  previous_month, schedule_error)

SCHEDULE = [(95.0, 5.0), (90.0, 10.0)]


def test_compliance_of_met_and_breached():
    assert compliance(19, 1) == 95.0
    assert compliance(2, 1) == 66.7
    assert compliance(0, 0) is None


def test_credit_follows_the_lowest_threshold_passed():
    assert credit_percent(96.0, SCHEDULE) == 0.0
    assert credit_percent(95.0, SCHEDULE) == 0.0  # "below 95 %": 95 itself earns nothing
    assert credit_percent(94.9, SCHEDULE) == 5.0
    assert credit_percent(89.0, SCHEDULE) == 10.0
    assert credit_percent(None, SCHEDULE) == 0.0
    assert credit_percent(10.0, []) == 0.0


def test_schedule_must_grow_as_compliance_falls():
    assert schedule_error(SCHEDULE) is None
    assert schedule_error([]) is None
    assert schedule_error([(95.0, 10.0), (90.0, 5.0)]) == "not_decreasing"
    assert schedule_error([(95.0, 5.0), (90.0, 5.0)]) == "not_decreasing"
    assert schedule_error([(95.0, 5.0), (95.0, 10.0)]) == "duplicate"
    assert schedule_error([(101.0, 5.0)]) == "outside"
    assert schedule_error([(95.0, -1.0)]) == "outside"


def test_percentages():
    assert percent_error(0) is None and percent_error(100) is None
    assert percent_error(-0.1) == "outside" and percent_error(100.5) == "outside"


def test_months():
    assert previous_month(date(2026, 11, 1)) == date(2026, 10, 1)
    assert previous_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert next_month(date(2026, 12, 1)) == date(2027, 1, 1)
