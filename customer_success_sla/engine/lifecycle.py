"""Customer lifecycle: onboarding → adoption → mature, counted from go-live."""

from datetime import date

STAGES = ("onboarding", "adoption", "mature", "at_risk", "churned")
# Stages the calendar moves on its own; at_risk and churned are set by people
# or by the health check, never by elapsed time.
TIMED_STAGES = ("onboarding", "adoption")

DEFAULT_ONBOARDING_DAYS = 7
DEFAULT_ADOPTION_DAYS = 90


class LifecycleSettingsError(ValueError):
    """Day counts that cannot describe a lifecycle."""


def check_day_counts(onboarding_days, adoption_days):
    """Raise ``LifecycleSettingsError`` unless 0 < onboarding < adoption."""
    if onboarding_days is None or onboarding_days <= 0:
        raise LifecycleSettingsError("onboarding_days")
    if adoption_days is None or adoption_days <= 0:
        raise LifecycleSettingsError("adoption_days")
    if adoption_days <= onboarding_days:
        raise LifecycleSettingsError("order")


def stage_on(stage, go_live_date, today, onboarding_days, adoption_days):
    """The stage an account should be in on ``today``.

    Onboarding covers the first ``onboarding_days`` days after go-live (day 1
    is the go-live date), adoption runs until day ``adoption_days``, mature
    follows. Only timed stages move, and only forward.
    """
    check_day_counts(onboarding_days, adoption_days)
    if stage not in TIMED_STAGES or not isinstance(go_live_date, date):
        return stage
    day = (today - go_live_date).days + 1
    if day > adoption_days:
        target = "mature"
    elif day > onboarding_days:
        target = "adoption"
    else:
        target = "onboarding"
    order = ("onboarding", "adoption", "mature")
    return target if order.index(target) > order.index(stage) else stage
