"""SLA commitments: compliance of a month, the credit it earns, and the
checks a committed compliance and a credit schedule must pass."""

from datetime import timedelta


def compliance(met, breached):
    """Share of targets met, in percent (one decimal), or None when no
    target was due: a month without tickets breaches nothing."""
    due = met + breached
    if not due:
        return None
    return round(met * 100.0 / due, 1)


def credit_percent(value, schedule):
    """Credit (percent of the monthly fee) for a compliance ``value``.

    ``schedule`` is a list of (threshold, credit): below ``threshold`` percent
    the credit is ``credit``; the lowest threshold the value is under wins
    (it carries the largest credit). No credit when nothing was due.
    """
    if value is None:
        return 0.0
    earned = 0.0
    for threshold, credit in sorted(schedule, reverse=True):
        if value < threshold:
            earned = credit
    return earned


def percent_error(value):
    """Why ``value`` is not a percentage (0–100), or None."""
    if value is None or not 0 <= value <= 100:
        return "outside"
    return None


def schedule_error(schedule):
    """Why a credit schedule is refused, or None.

    Lines are (threshold, credit), both percentages. The lower the
    compliance, the larger the credit: each lower threshold must carry a
    strictly larger credit, and no threshold appears twice.
    """
    for threshold, credit in schedule:
        if percent_error(threshold) or percent_error(credit):
            return "outside"
    ordered = sorted(schedule, reverse=True)
    for (high, high_credit), (low, low_credit) in zip(ordered, ordered[1:]):
        if high == low:
            return "duplicate"
        if low_credit <= high_credit:
            return "not_decreasing"
    return None


def month_start(day):
    return day.replace(day=1)


def previous_month(today):
    """First day of the month before ``today``'s (the last finished month)."""
    return month_start(month_start(today) - timedelta(days=1))


def next_month(first):
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)
