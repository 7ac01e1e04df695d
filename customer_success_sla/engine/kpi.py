"""Service KPIs from aggregated ticket figures, and their targets."""

from datetime import timedelta

# code: (direction, default target, unit kind)
KPI_DEFINITIONS = {
    "first_response_minutes": ("below", 30.0, "duration"),
    "fcr_rate": ("above", 85.0, "percent"),
    "csat": ("above", 4.2, "csat"),
    "repeat_rate": ("below", 5.0, "percent"),
    "sla_compliance": ("above", 90.0, "percent"),
    "resolution_hours": ("below", 24.0, "duration"),
    "backlog": ("below", 50.0, "count"),
}


class TargetOutOfRange(ValueError):
    """A target its KPI can never take (negative time, rate above 100 %…)."""


def check_target(code, value):
    _direction, _default, kind = KPI_DEFINITIONS[code]
    if value is None:
        raise TargetOutOfRange(code)
    if kind in ("duration", "count") and value < 0:
        raise TargetOutOfRange(code)
    if kind == "percent" and not 0 <= value <= 100:
        raise TargetOutOfRange(code)
    if kind == "csat" and not 1 <= value <= 5:
        raise TargetOutOfRange(code)
    return value


def _ratio(part, whole):
    return round(part * 100.0 / whole, 2) if whole else None


def compute_kpis(totals):
    """KPI values from one period's totals; ``None`` where the period has no
    data for a KPI (no division by zero, no fake zero).

    ``totals`` keys: solved, fcr, reopened, open, first_response_hours (mean
    over tickets answered, or None), resolution_hours (mean over tickets
    solved, or None), csat (mean over rated tickets, or None), sla_met,
    sla_breached.
    """
    first = totals.get("first_response_hours")
    resolution = totals.get("resolution_hours")
    decided = (totals.get("sla_met") or 0) + (totals.get("sla_breached") or 0)
    return {
        "first_response_minutes": round(first * 60, 2) if first is not None else None,
        "fcr_rate": _ratio(totals.get("fcr") or 0, totals.get("solved") or 0),
        "csat": round(totals["csat"], 2) if totals.get("csat") else None,
        "repeat_rate": _ratio(totals.get("reopened") or 0, totals.get("solved") or 0),
        "sla_compliance": _ratio(totals.get("sla_met") or 0, decided),
        "resolution_hours": round(resolution, 2) if resolution is not None else None,
        "backlog": totals.get("open") or 0,
    }


def on_target(code, value, target):
    if value is None or target is None:
        return None
    direction = KPI_DEFINITIONS[code][0]
    return value <= target if direction == "below" else value >= target


def change(current, previous):
    if current is None or previous is None:
        return None
    return round(current - previous, 2)


def unit(code):
    """How a KPI's value reads: ``minutes`` and ``hours`` (shown as h:mm),
    ``percent``, ``csat`` (1-5) or ``count`` (a whole number)."""
    kind = KPI_DEFINITIONS[code][2]
    if kind == "duration":
        return "minutes" if code.endswith("_minutes") else "hours"
    return kind


# KPIs that describe the tickets created in a period (and so have a weekly
# trend); the backlog is today's figure, whatever the period.
PERIOD_KPIS = tuple(code for code in KPI_DEFINITIONS if code != "backlog")

PERIODS = ("this_month", "last_month", "this_quarter", "last_quarter", "this_year", "custom")


class BadPeriod(ValueError):
    """An unknown period, or custom dates missing or in the wrong order."""


def _quarter_start(day):
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def period_bounds(period, today, date_from=None, date_to=None):
    """First and last day of a dashboard period. Current periods end today,
    so that they compare with a previous period of the same length."""
    if period == "this_month":
        return today.replace(day=1), today
    if period == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if period == "this_quarter":
        return _quarter_start(today), today
    if period == "last_quarter":
        last = _quarter_start(today) - timedelta(days=1)
        return _quarter_start(last), last
    if period == "this_year":
        return today.replace(month=1, day=1), today
    if period == "custom":
        if not date_from or not date_to or date_from > date_to:
            raise BadPeriod(period)
        return date_from, date_to
    raise BadPeriod(period)


def previous_period(date_from, date_to):
    """The period of the same length that ends the day before ``date_from``."""
    previous_to = date_from - timedelta(days=1)
    return previous_to - (date_to - date_from), previous_to


def week_start(day, first_weekday):
    """The first day of ``day``'s week; ``first_weekday``: 0 = Monday … 6 = Sunday."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def week_starts(date_from, date_to, first_weekday):
    """The first day of every week that has a day in the period, in order."""
    start, starts = week_start(date_from, first_weekday), []
    while start <= date_to:
        starts.append(start)
        start += timedelta(days=7)
    return starts


def weekly_series(weeks, totals_by_week):
    """Each period KPI by week, and the tickets created each week.

    ``weeks``: the week starts of the period; ``totals_by_week``: {week
    start: totals as for :func:`compute_kpis`, with ``tickets``}. A week
    without tickets has no KPI value (``None``) and 0 tickets.
    """
    by_week = [compute_kpis(totals_by_week[week]) if week in totals_by_week else None for week in weeks]
    series = {code: [kpis[code] if kpis else None for kpis in by_week] for code in PERIOD_KPIS}
    series["tickets"] = [int(totals_by_week[week].get("tickets") or 0) if week in totals_by_week else 0
                         for week in weeks]
    return series


AGE_BUCKETS = ((1, "< 1 day"), (3, "1-3 days"), (7, "3-7 days"), (30, "1-4 weeks"), (None, "> 4 weeks"))


def age_bucket(age_days):
    for limit, label in AGE_BUCKETS:
        if limit is None or age_days < limit:
            return label
    return AGE_BUCKETS[-1][1]


LEVEL_CRITERIA = ("solved", "sla_compliance", "csat", "fcr_rate", "articles")


def recommend_level(metrics, thresholds):
    """The highest level whose every minimum the agent meets.

    ``metrics``: {criterion: value or None}; ``thresholds``: ordered list of
    (level, {criterion: minimum}) from the lowest level up. A criterion with
    no data (no rated ticket…) only passes a minimum of 0.
    """
    recommended = None
    for level, minimums in thresholds:
        if all(
            (metrics.get(criterion) if metrics.get(criterion) is not None else 0) >= minimum
            and (metrics.get(criterion) is not None or minimum <= 0)
            for criterion, minimum in minimums.items()
        ):
            recommended = level
    return recommended


# Problem measures of a period (the problems opened in it): code: (direction, unit).
# No target: they describe the period, compared with the previous one.
PROBLEM_MEASURES = {
    "problems_opened": ("below", "count"),
    "tickets_per_problem": ("none", "ratio"),
    "problem_accounts": ("below", "count"),
    "problem_identify_hours": ("below", "hours"),
    "problem_resolve_hours": ("below", "hours"),
}


def problem_measures(totals):
    """Problem measures from one period's totals; ``None`` where there is
    no data (no problem, none identified or resolved yet).

    ``totals`` keys: problems (opened in the period), tickets (linked to
    them), accounts (distinct accounts of those tickets), identified and
    identify_hours (count and sum of hours from creation to identification
    of the identified ones), resolved and resolve_hours (same for resolution).
    """
    problems = int(totals.get("problems") or 0)
    identified = totals.get("identified") or 0
    resolved = totals.get("resolved") or 0
    return {
        "problems_opened": problems,
        "tickets_per_problem": round((totals.get("tickets") or 0) / problems, 2) if problems else None,
        "problem_accounts": int(totals.get("accounts") or 0) if problems else None,
        "problem_identify_hours": round((totals.get("identify_hours") or 0.0) / identified, 2) if identified else None,
        "problem_resolve_hours": round((totals.get("resolve_hours") or 0.0) / resolved, 2) if resolved else None,
    }
