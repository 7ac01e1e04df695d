from datetime import date

import pytest

from cs_engine.lifecycle import LifecycleSettingsError, check_day_counts, stage_on

GO_LIVE = date(2026, 1, 1)


def days_after(days):
    return date.fromordinal(GO_LIVE.toordinal() + days)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (0, "onboarding"),  # day 1
        (6, "onboarding"),  # day 7: last onboarding day
        (7, "adoption"),  # day 8
        (89, "adoption"),  # day 90
        (90, "mature"),  # day 91
        (400, "mature"),
    ],
)
def test_stage_from_onboarding_by_day(offset, expected):
    assert stage_on("onboarding", GO_LIVE, days_after(offset), 7, 90) == expected


def test_adoption_moves_to_mature_only_after_adoption_days():
    assert stage_on("adoption", GO_LIVE, days_after(50), 7, 90) == "adoption"
    assert stage_on("adoption", GO_LIVE, days_after(90), 7, 90) == "mature"


def test_stages_never_move_backwards():
    assert stage_on("adoption", GO_LIVE, days_after(1), 7, 90) == "adoption"


@pytest.mark.parametrize("stage", ["mature", "at_risk", "churned", False])
def test_untimed_stages_stay(stage):
    assert stage_on(stage, GO_LIVE, days_after(500), 7, 90) == stage


def test_no_go_live_date_means_no_move():
    assert stage_on("onboarding", False, days_after(500), 7, 90) == "onboarding"


def test_custom_day_counts():
    assert stage_on("onboarding", GO_LIVE, days_after(13), 14, 30) == "onboarding"
    assert stage_on("onboarding", GO_LIVE, days_after(14), 14, 30) == "adoption"


@pytest.mark.parametrize(
    ("onboarding", "adoption", "reason"),
    [(0, 90, "onboarding_days"), (-3, 90, "onboarding_days"), (7, 0, "adoption_days"),
     (7, -1, "adoption_days"), (30, 30, "order"), (30, 10, "order")],
)
def test_bad_day_counts_are_rejected(onboarding, adoption, reason):
    with pytest.raises(LifecycleSettingsError) as error:
        check_day_counts(onboarding, adoption)
    assert error.value.args == (reason,)
