from datetime import date

import pytest

from cs_engine.voice import (
    ScoreOutOfScale,
    check_csat,
    csat_average,
    invitation_due,
    is_unhappy,
    nps,
    nps_category,
)


def test_nps_of_a_known_answer_set():
    answers = [9, 10, 9, 10, 9] + [7, 8, 7] + [3, 6]
    assert nps(answers) == 30


def test_nps_bounds_and_empty():
    assert nps([10, 9]) == 100
    assert nps([0, 6]) == -100
    assert nps([]) is None


@pytest.mark.parametrize(("score", "category"), [(0, "detractor"), (6, "detractor"), (7, "passive"),
                                                 (8, "passive"), (9, "promoter"), (10, "promoter")])
def test_categories(score, category):
    assert nps_category(score) == category


@pytest.mark.parametrize("score", [-1, 11, 5.5, None])
def test_nps_score_out_of_scale(score):
    with pytest.raises(ScoreOutOfScale):
        nps_category(score)


@pytest.mark.parametrize("score", [0, 6, -2, None])
def test_csat_out_of_scale(score):
    with pytest.raises(ScoreOutOfScale):
        check_csat(score)


def test_csat_average():
    assert csat_average([5, 3, 1, 5]) == 3.5
    assert csat_average([]) == 0.0


def test_unhappy_thresholds():
    assert is_unhappy("csat", 1) and is_unhappy("csat", 2) and not is_unhappy("csat", 3)
    assert is_unhappy("nps", 6) and not is_unhappy("nps", 7)


CADENCE = {"onboarding": (6, 90), "adoption": (0, 90), "mature": (0, 90)}
GO_LIVE = date(2026, 1, 1)


def test_end_of_onboarding_invitation():
    assert not invitation_due(date(2026, 1, 6), "onboarding", GO_LIVE, None, CADENCE)
    assert invitation_due(date(2026, 1, 7), "onboarding", GO_LIVE, None, CADENCE)


def test_every_ninety_days_after_the_last_invitation():
    last = date(2026, 1, 7)
    assert not invitation_due(date(2026, 4, 6), "adoption", GO_LIVE, last, CADENCE)
    assert invitation_due(date(2026, 4, 7), "adoption", GO_LIVE, last, CADENCE)


def test_churned_and_unknown_stages_are_never_invited():
    assert not invitation_due(date(2027, 1, 1), "churned", GO_LIVE, None, CADENCE)
    assert not invitation_due(date(2027, 1, 1), False, GO_LIVE, None, CADENCE)
