"""Service KPIs from aggregated ticket figures, and their targets."""

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
