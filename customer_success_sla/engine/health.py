"""Account health: signals normalised to 0–100, weighted, rescaled over the
signals that have data; green / yellow / red by thresholds; the trend
between two checks; the at-risk episode and when each report is due.

A signal's raw value is ``None`` when there is no data for it (no ticket
yet, no survey answered, no usage reported): it is left out and the weights
of the others are rescaled to 100 — it never counts as zero.
"""

import math
from collections import namedtuple
from datetime import timedelta

# In display order. Each signal is normalised linearly between a "good" raw
# value (100 points) and a "bad" one (0 points), clamped outside.
SIGNALS = (
    "ticket_volume",      # tickets of the last 30 days / monthly average of the 60 days before (ratio)
    "urgent_open",        # open urgent tickets (count)
    "sla_breaches",       # SLA targets breached in the last 30 days (count)
    "reopen_rate",        # reopened tickets / tickets of the last 90 days (%)
    "csat",               # CSAT average of the last 90 days (1–5)
    "nps",                # NPS of the last 365 days (−100…100)
    "csm_touch",          # days since the CSM last touched the account
    "seat_utilisation",   # active users / licensed seats of the latest snapshot (%)
    "active_user_trend",  # change of active users against ~30 days earlier (%)
    "feature_adoption",   # key features used / key features of the product (%)
    "incidents",          # problems that hit the account in the last 30 days (major 1, other 0.5)
)
# Signals a profile scores only when an administrator adds them: left out of
# DEFAULT_PROFILE so that existing scores do not move by themselves.
OPTIONAL_SIGNALS = ("incidents",)

# signal: (weight, good, bad)
DEFAULT_PROFILE = {
    "ticket_volume": (10.0, 1.0, 2.0),
    "urgent_open": (15.0, 0.0, 3.0),
    "sla_breaches": (15.0, 0.0, 3.0),
    "reopen_rate": (10.0, 0.0, 20.0),
    "csat": (15.0, 5.0, 1.0),
    "nps": (10.0, 100.0, -100.0),
    "csm_touch": (10.0, 14.0, 60.0),
    "seat_utilisation": (5.0, 80.0, 20.0),
    "active_user_trend": (5.0, 0.0, -50.0),
    "feature_adoption": (5.0, 80.0, 10.0),
}
DEFAULT_RED_THRESHOLD = 40
DEFAULT_YELLOW_THRESHOLD = 70
DEFAULT_DROP_POINTS = 15
DEFAULT_KEY_FEATURES = 10
TICKET_BASELINE_DAYS = 90
TICKET_RECENT_DAYS = 30
USAGE_WINDOW_DAYS = 90
USAGE_TREND_DAYS = 30
INCIDENT_DAYS = 30
# A problem that is not a major incident weighs this much of a major one.
MINOR_PROBLEM_WEIGHT = 0.5

Snapshot = namedtuple("Snapshot", "date active_users licensed_seats logins features_used")


class HealthConfigError(ValueError):
    """A health profile that cannot score: ``args[0]`` says what is wrong."""


class UsageRowError(ValueError):
    """A usage row that cannot be recorded: ``args[0]`` is a code, ``args[1:]`` details."""


# ----------------------------------------------------------------------
# Profile checks
# ----------------------------------------------------------------------

def check_weights(weights):
    """Weights are ≥ 0 and at least one is positive."""
    values = list(weights)
    if any(weight is None or weight < 0 for weight in values):
        raise HealthConfigError("negative_weight")
    if not any(weight > 0 for weight in values):
        raise HealthConfigError("zero_weights")


def check_thresholds(red_threshold, yellow_threshold):
    """0 ≤ red < yellow ≤ 100: below red is red, below yellow is yellow."""
    if red_threshold is None or yellow_threshold is None:
        raise HealthConfigError("thresholds_order")
    if not 0 <= red_threshold < yellow_threshold <= 100:
        raise HealthConfigError("thresholds_order")


def check_bounds(good, bad):
    if good == bad:
        raise HealthConfigError("equal_bounds")


# ----------------------------------------------------------------------
# Scoring
# ----------------------------------------------------------------------

def round_half_up(value, digits=0):
    factor = 10 ** digits
    return math.floor(value * factor + 0.5) / factor


def normalise(raw, good, bad):
    """0–100: 100 at ``good`` or better, 0 at ``bad`` or worse, linear
    between; ``good`` may be above or below ``bad``."""
    check_bounds(good, bad)
    position = (raw - bad) / (good - bad)
    return round_half_up(max(0.0, min(1.0, position)) * 100, 2)


def compute_score(raws, profile):
    """Score ``raws`` ({signal: raw value or None}) with ``profile``
    ({signal: (weight, good, bad)}).

    Returns ``{"score": int or None, "lines": [...], "missing": [signals]}``;
    a line per profile signal: ``signal, raw, normalised, weight,
    effective_weight`` (rescaled over the signals with data, summing to 100)
    and ``contribution`` (points of the score). ``score`` is ``None`` when no
    weighted signal has data.
    """
    check_weights(weight for weight, _good, _bad in profile.values())
    signals = [signal for signal in SIGNALS if signal in profile] + sorted(set(profile) - set(SIGNALS))
    present = [s for s in signals if raws.get(s) is not None and profile[s][0] > 0]
    total = sum(profile[s][0] for s in present)
    lines, missing, score = [], [], 0.0
    for signal in signals:
        weight, good, bad = profile[signal]
        raw = raws.get(signal)
        line = {"signal": signal, "raw": raw, "weight": weight, "normalised": None,
                "effective_weight": 0.0, "contribution": 0.0, "has_data": raw is not None}
        if raw is None:
            if weight > 0:
                missing.append(signal)
        elif weight > 0:
            normalised = normalise(raw, good, bad)
            effective = weight * 100 / total
            contribution = normalised * effective / 100
            score += contribution
            line.update(normalised=normalised, effective_weight=round_half_up(effective, 2),
                        contribution=round_half_up(contribution, 2))
        else:
            line["normalised"] = normalise(raw, good, bad)
        lines.append(line)
    return {"score": int(round_half_up(score)) if present else None, "lines": lines, "missing": missing}


def health_status(score, red_threshold=DEFAULT_RED_THRESHOLD, yellow_threshold=DEFAULT_YELLOW_THRESHOLD):
    check_thresholds(red_threshold, yellow_threshold)
    if score < red_threshold:
        return "red"
    if score < yellow_threshold:
        return "yellow"
    return "green"


def trend(score, previous_score):
    """Points gained (+) or lost (−) since the previous check; ``None``
    for a first check."""
    if previous_score is None or score is None:
        return None
    return score - previous_score


def trend_direction(change, flat_points=2):
    if change is None:
        return "new"
    if change > flat_points:
        return "up"
    if change < -flat_points:
        return "down"
    return "flat"


# ----------------------------------------------------------------------
# Raw signals from gathered figures
# ----------------------------------------------------------------------

def ticket_signals(tickets_all=0, tickets_90=0, tickets_30=0, open_urgent=0, reopened_90=0,
                   sla_due_30=0, sla_breached_30=0):
    """Raw ticket signals of one account from its counts; ``None`` where
    the account has no data (no ticket, no SLA deadline in the window)."""
    baseline = tickets_90 - tickets_30  # days 31–90: the account's own pace before this month
    return {
        # without tickets before this month there is no baseline to compare with
        "ticket_volume": round_half_up(tickets_30 * 2 / baseline, 2) if baseline > 0 else None,
        "urgent_open": open_urgent if tickets_all else None,
        "sla_breaches": sla_breached_30 if sla_due_30 else None,
        "reopen_rate": round_half_up(reopened_90 * 100 / tickets_90, 2) if tickets_90 else None,
    }


def incident_signal(major_problems=0, other_problems=0, tickets_all=0):
    """Raw "incidents" signal of one account: the distinct problems its
    tickets were linked to that were open during the last
    ``INCIDENT_DAYS`` days, a major incident counting 1 and any other
    problem ``MINOR_PROBLEM_WEIGHT``. ``None`` for an account without any
    ticket (no data, as for the other ticket signals); 0 is a good month."""
    if not tickets_all:
        return None
    return round_half_up(major_problems + MINOR_PROBLEM_WEIGHT * other_problems, 2)


def voice_signals(csat_avg, nps, nps_count):
    return {
        "csat": csat_avg if csat_avg else None,
        "nps": nps if nps_count else None,
    }


def touch_days(today, last_touch, since=None):
    """Days since the CSM last touched the account; never touched: days
    since ``since`` (go-live); ``None`` when neither is known."""
    reference = last_touch or since
    if not reference:
        return None
    return max(0, (today - reference).days)


def usage_signals(snapshots, today, key_features=DEFAULT_KEY_FEATURES,
                  window_days=USAGE_WINDOW_DAYS, trend_days=USAGE_TREND_DAYS):
    """Raw usage signals from an account's ``Snapshot`` list (any order).

    Only snapshots of the last ``window_days`` count. Seat utilisation and
    feature adoption read the latest; the trend compares its active users
    with the latest snapshot at least ``trend_days`` older (else the oldest
    in the window), and needs two snapshots.
    """
    recent = sorted((s for s in snapshots if today - timedelta(days=window_days) < s.date <= today),
                    key=lambda s: s.date)
    if not recent:
        return {"seat_utilisation": None, "active_user_trend": None, "feature_adoption": None}
    latest = recent[-1]
    older = [s for s in recent[:-1] if s.date <= latest.date - timedelta(days=trend_days)]
    base = older[-1] if older else (recent[0] if len(recent) > 1 else None)
    return {
        "seat_utilisation": (round_half_up(latest.active_users * 100 / latest.licensed_seats, 2)
                             if latest.licensed_seats else None),
        "active_user_trend": (round_half_up((latest.active_users - base.active_users) * 100 / base.active_users, 2)
                              if base and base.active_users else None),
        "feature_adoption": (round_half_up(min(latest.features_used, key_features) * 100 / key_features, 2)
                             if key_features else None),
    }


# ----------------------------------------------------------------------
# At-risk episodes
# ----------------------------------------------------------------------

def episode_action(episode_open, status, change, previous_status, drop_points=DEFAULT_DROP_POINTS,
                   previous_in_episode=True):
    """What a new check does to the account's at-risk episode.

    - ``"start"``: no episode is open and the check is red or lost at least
      ``drop_points`` since the previous check;
    - ``"end"``: an episode is open and this check and the previous one
      (taken during the episode) are green — two consecutive green checks;
    - ``None``: nothing; an open episode is never started again.
    """
    triggered = status == "red" or (change is not None and -change >= drop_points)
    if not episode_open:
        return "start" if triggered else None
    if status == "green" and previous_status == "green" and previous_in_episode and not triggered:
        return "end"
    return None


def stage_after_episode(saved_stage):
    """The lifecycle stage an account returns to when its episode ends."""
    return saved_stage if saved_stage in ("onboarding", "adoption", "mature") else "mature"


# ----------------------------------------------------------------------
# Due dates
# ----------------------------------------------------------------------

def check_due(today, last_check_date, interval_days):
    return not last_check_date or today >= last_check_date + timedelta(days=interval_days)


def report_period(today, frequency):
    """(first day, last day) of the period a service report sent ``today``
    covers: the previous ISO week (weekly) or the previous month (monthly)."""
    if frequency == "weekly":
        monday = today - timedelta(days=today.weekday())
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if frequency == "monthly":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    raise ValueError(frequency)


def report_due(today, frequency, last_sent):
    """A report covering the last finished period is due unless it was sent
    in the current period already."""
    if frequency not in ("weekly", "monthly"):
        return False
    _start, stop = report_period(today, frequency)
    return not last_sent or last_sent <= stop


# ----------------------------------------------------------------------
# Usage rows
# ----------------------------------------------------------------------

USAGE_COUNTS = ("active_users", "licensed_seats", "logins", "features_used")


def clean_usage_counts(row):
    """The four counts of a usage row as ints ≥ 0 (empty: 0). Raises
    ``UsageRowError("not_a_number", field)`` or ``("negative", field)``."""
    counts = {}
    for field in USAGE_COUNTS:
        value = row.get(field)
        if value in (None, ""):
            counts[field] = 0
            continue
        try:
            number = float(str(value).strip())
        except ValueError:
            raise UsageRowError("not_a_number", field) from None
        if number != int(number):
            raise UsageRowError("not_a_number", field)
        if number < 0:
            raise UsageRowError("negative", field)
        counts[field] = int(number)
    return counts
