from datetime import date

import pytest

from cs_engine.kpi import (
    BadPeriod,
    TargetOutOfRange,
    age_bucket,
    change,
    check_target,
    compute_kpis,
    on_target,
    period_bounds,
    previous_period,
    problem_measures,
    unit,
    week_starts,
    weekly_series,
)


def test_kpis_of_known_totals():
    kpis = compute_kpis({"solved": 20, "fcr": 17, "reopened": 1, "open": 7, "first_response_hours": 0.4,
                         "resolution_hours": 10.5, "csat": 4.333, "sla_met": 45, "sla_breached": 5})
    assert kpis == {"first_response_minutes": 24.0, "fcr_rate": 85.0, "csat": 4.33, "repeat_rate": 5.0,
                    "sla_compliance": 90.0, "resolution_hours": 10.5, "backlog": 7}


def test_period_without_tickets_has_no_data_not_zero():
    kpis = compute_kpis({})
    assert kpis["fcr_rate"] is None and kpis["csat"] is None and kpis["sla_compliance"] is None
    assert kpis["first_response_minutes"] is None and kpis["backlog"] == 0


def test_on_target_by_direction():
    assert on_target("first_response_minutes", 29, 30) is True
    assert on_target("first_response_minutes", 31, 30) is False
    assert on_target("csat", 4.3, 4.2) is True
    assert on_target("fcr_rate", None, 85) is None


def test_change():
    assert change(90, 85.5) == 4.5
    assert change(None, 3) is None


@pytest.mark.parametrize(("code", "value"), [("first_response_minutes", -5), ("fcr_rate", 120), ("repeat_rate", -1),
                                             ("csat", 6), ("csat", 0), ("backlog", -3)])
def test_targets_with_the_wrong_sign_or_range(code, value):
    with pytest.raises(TargetOutOfRange):
        check_target(code, value)


def test_age_buckets():
    assert [age_bucket(days) for days in (0, 2, 5, 10, 100)] == ["< 1 day", "1-3 days", "3-7 days", "1-4 weeks", "> 4 weeks"]


THRESHOLDS = [
    ("junior", {"solved": 0}),
    ("intermediate", {"solved": 30, "sla_compliance": 80, "csat": 3.8, "fcr_rate": 60, "articles": 0}),
    ("senior", {"solved": 80, "sla_compliance": 90, "csat": 4.2, "fcr_rate": 75, "articles": 2}),
    ("expert", {"solved": 150, "sla_compliance": 95, "csat": 4.5, "fcr_rate": 85, "articles": 5}),
]


def test_recommended_level_is_the_highest_fully_met():
    from cs_engine.kpi import recommend_level

    metrics = {"solved": 90, "sla_compliance": 93, "csat": 4.4, "fcr_rate": 80, "articles": 2}
    assert recommend_level(metrics, THRESHOLDS) == "senior"
    assert recommend_level({**metrics, "articles": 1}, THRESHOLDS) == "intermediate"
    assert recommend_level({"solved": 200, "sla_compliance": 99, "csat": 4.9, "fcr_rate": 90, "articles": 9},
                           THRESHOLDS) == "expert"


def test_missing_data_only_passes_zero_minimums():
    from cs_engine.kpi import recommend_level

    assert recommend_level({"solved": 40, "sla_compliance": 85, "csat": None, "fcr_rate": 70, "articles": 0},
                           THRESHOLDS) == "junior"
    assert recommend_level({}, THRESHOLDS) == "junior"


TODAY = date(2026, 5, 20)  # a Wednesday in the second quarter


@pytest.mark.parametrize(("period", "bounds"), [
    ("this_month", (date(2026, 5, 1), TODAY)),
    ("last_month", (date(2026, 4, 1), date(2026, 4, 30))),
    ("this_quarter", (date(2026, 4, 1), TODAY)),
    ("last_quarter", (date(2026, 1, 1), date(2026, 3, 31))),
    ("this_year", (date(2026, 1, 1), TODAY)),
])
def test_named_periods(period, bounds):
    assert period_bounds(period, TODAY) == bounds


def test_last_month_and_quarter_across_new_year():
    assert period_bounds("last_month", date(2027, 1, 10)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert period_bounds("last_quarter", date(2027, 2, 1)) == (date(2026, 10, 1), date(2026, 12, 31))


def test_custom_period_needs_both_dates_in_order():
    assert period_bounds("custom", TODAY, date(2026, 3, 2), date(2026, 3, 8)) == (date(2026, 3, 2), date(2026, 3, 8))
    for bad in ((None, TODAY), (TODAY, None), (date(2026, 3, 9), date(2026, 3, 8))):
        with pytest.raises(BadPeriod):
            period_bounds("custom", TODAY, *bad)
    with pytest.raises(BadPeriod):
        period_bounds("next_decade", TODAY)


def test_previous_period_has_the_same_length():
    assert previous_period(date(2026, 5, 1), date(2026, 5, 20)) == (date(2026, 4, 11), date(2026, 4, 30))
    assert previous_period(date(2026, 3, 30), date(2026, 3, 30)) == (date(2026, 3, 29), date(2026, 3, 29))


def test_weeks_of_a_period_follow_the_first_weekday():
    # 30 March 2026 is a Monday; 12 April a Sunday
    assert week_starts(date(2026, 3, 30), date(2026, 4, 12), 0) == [date(2026, 3, 30), date(2026, 4, 6)]
    assert week_starts(date(2026, 3, 30), date(2026, 4, 12), 6) == [
        date(2026, 3, 29), date(2026, 4, 5), date(2026, 4, 12)]
    assert len(week_starts(date(2026, 1, 1), date(2026, 12, 31), 0)) == 53


def test_weekly_series_leave_weeks_without_tickets_empty():
    weeks = [date(2026, 3, 30), date(2026, 4, 6), date(2026, 4, 13)]
    series = weekly_series(weeks, {
        weeks[0]: {"tickets": 2, "solved": 2, "fcr": 1, "first_response_hours": 0.5, "sla_met": 3},
        weeks[2]: {"tickets": 1, "solved": 0},
    })
    assert series["tickets"] == [2, 0, 1]
    assert all(isinstance(count, int) for count in series["tickets"])
    assert series["fcr_rate"] == [50.0, None, None]
    assert series["first_response_minutes"] == [30.0, None, None]
    assert series["sla_compliance"] == [100.0, None, None]
    assert "backlog" not in series, "the backlog is today's figure, it has no weekly trend"


def test_units():
    assert [unit(code) for code in ("first_response_minutes", "resolution_hours", "fcr_rate", "csat", "backlog")] == [
        "minutes", "hours", "percent", "csat", "count"]


def test_problem_measures_of_a_period():
    measures = problem_measures({"problems": 4, "tickets": 10, "accounts": 3, "identified": 3,
                                 "identify_hours": 9.0, "resolved": 2, "resolve_hours": 50.0})
    assert measures == {"problems_opened": 4, "tickets_per_problem": 2.5, "problem_accounts": 3,
                        "problem_identify_hours": 3.0, "problem_resolve_hours": 25.0}


def test_problem_measures_without_problems_have_no_data_but_a_zero_count():
    measures = problem_measures({})
    assert measures == {"problems_opened": 0, "tickets_per_problem": None, "problem_accounts": None,
                        "problem_identify_hours": None, "problem_resolve_hours": None}


def test_problem_measures_wait_for_identification_and_resolution():
    measures = problem_measures({"problems": 2, "tickets": 0, "accounts": 0, "identified": 0, "resolved": 0})
    assert measures["tickets_per_problem"] == 0
    assert measures["problem_identify_hours"] is None
    assert measures["problem_resolve_hours"] is None
