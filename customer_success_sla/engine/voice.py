"""Voice of the customer: CSAT, NPS and when to ask again."""

from datetime import timedelta

CSAT_SCALE = (1, 5)
NPS_SCALE = (0, 10)
UNHAPPY_CSAT = 2  # a rating of 1 or 2 calls for a recovery follow-up
UNHAPPY_NPS = 6  # detractors: 0 to 6


class ScoreOutOfScale(ValueError):
    """A score outside its scale."""


def check_csat(score):
    low, high = CSAT_SCALE
    if not isinstance(score, (int, float)) or not low <= score <= high:
        raise ScoreOutOfScale(score)
    return score


def nps_category(score):
    low, high = NPS_SCALE
    if not isinstance(score, int) or not low <= score <= high:
        raise ScoreOutOfScale(score)
    if score >= 9:
        return "promoter"
    if score >= 7:
        return "passive"
    return "detractor"


def nps(scores):
    """Net Promoter Score (−100…100, rounded) of 0–10 answers; ``None``
    without answers."""
    scores = list(scores)
    if not scores:
        return None
    categories = [nps_category(score) for score in scores]
    promoters = categories.count("promoter")
    detractors = categories.count("detractor")
    return round((promoters - detractors) * 100 / len(scores))


def csat_average(scores):
    """Mean 1–5 satisfaction, 0 when there is no rating (the contract's
    'no rating' value for accounts)."""
    scores = [check_csat(score) for score in scores]
    return round(sum(scores) / len(scores), 2) if scores else 0.0


def is_unhappy(source, score):
    return score <= (UNHAPPY_CSAT if source == "csat" else UNHAPPY_NPS)


def invitation_due(today, stage, go_live_date, last_invite_date, cadence):
    """Whether an account is due an NPS invitation today.

    ``cadence``: {stage: (after_go_live_days, interval_days)}; a stage
    missing from it (churned) is never invited. The first invitation waits
    ``after_go_live_days`` after go-live; the next ones ``interval_days``
    after the previous one, whatever the stage, so nobody is asked twice in
    one period.
    """
    if stage not in cadence:
        return False
    after_go_live_days, interval_days = cadence[stage]
    if go_live_date and today < go_live_date + timedelta(days=after_go_live_days):
        return False
    return not last_invite_date or today >= last_invite_date + timedelta(days=interval_days)
