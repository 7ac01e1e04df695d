from datetime import date, timedelta

import pytest

from cs_engine.health import (
    DEFAULT_PROFILE,
    OPTIONAL_SIGNALS,
    SIGNALS,
    HealthConfigError,
    Snapshot,
    UsageRowError,
    check_due,
    check_thresholds,
    check_weights,
    clean_usage_counts,
    compute_score,
    episode_action,
    health_status,
    incident_signal,
    normalise,
    report_due,
    report_period,
    stage_after_episode,
    ticket_signals,
    touch_days,
    trend,
    trend_direction,
    usage_signals,
    voice_signals,
)

TODAY = date(2026, 11, 20)


def test_default_profile_covers_every_signal_and_sums_to_100():
    # optional signals (incidents) are added to a profile by hand: existing scores do not move
    assert set(DEFAULT_PROFILE) == set(SIGNALS) - set(OPTIONAL_SIGNALS)
    assert set(OPTIONAL_SIGNALS) <= set(SIGNALS)
    assert sum(weight for weight, _good, _bad in DEFAULT_PROFILE.values()) == 100


@pytest.mark.parametrize(("raw", "good", "bad", "expected"), [
    (5, 5, 1, 100.0), (1, 5, 1, 0.0), (4, 5, 1, 75.0), (0, 5, 1, 0.0), (9, 5, 1, 100.0),
    (0, 0, 3, 100.0), (1, 0, 3, 66.67), (3, 0, 3, 0.0), (7, 0, 3, 0.0),
])
def test_normalise_clamps_and_goes_both_ways(raw, good, bad, expected):
    assert normalise(raw, good, bad) == expected


def test_normalise_refuses_equal_bounds():
    with pytest.raises(HealthConfigError):
        normalise(1, 2, 2)


def test_hand_computed_score():
    # csat 4.6 on 1..5 → 90 points, 2 urgent tickets on 0..4 → 50 points;
    # 60 % × 90 + 40 % × 50 = 54 + 20 = 74
    profile = {"csat": (60, 5, 1), "urgent_open": (40, 0, 4)}
    result = compute_score({"csat": 4.6, "urgent_open": 2}, profile)
    assert result["score"] == 74
    assert result["missing"] == []
    by_signal = {line["signal"]: line for line in result["lines"]}
    assert by_signal["csat"]["normalised"] == 90.0
    assert by_signal["csat"]["contribution"] == 54.0
    assert by_signal["urgent_open"]["contribution"] == 20.0


def test_hand_computed_score_with_the_default_profile():
    raws = {"ticket_volume": 1.5, "urgent_open": 1, "sla_breaches": 0, "reopen_rate": 10, "csat": 4.2,
            "nps": 20, "csm_touch": 30, "seat_utilisation": 50, "active_user_trend": -10, "feature_adoption": 60}
    # 5 + 10 + 15 + 5 + 12 + 6 + 6.52 + 2.5 + 4 + 3.57 = 69.59
    result = compute_score(raws, DEFAULT_PROFILE)
    assert result["score"] == 70
    assert sum(line["contribution"] for line in result["lines"]) == pytest.approx(69.59, abs=0.01)


def test_missing_signal_is_left_out_and_weights_rescaled():
    # nps has no data: csat 50/80 = 62.5 %, urgent 30/80 = 37.5 %
    profile = {"csat": (50, 5, 1), "urgent_open": (30, 0, 4), "nps": (20, 100, -100)}
    result = compute_score({"csat": 4.6, "urgent_open": 2, "nps": None}, profile)
    assert result["score"] == 75  # 56.25 + 18.75, not 45 + 15 + 0
    assert result["missing"] == ["nps"]
    nps_line = next(line for line in result["lines"] if line["signal"] == "nps")
    assert nps_line["has_data"] is False and nps_line["contribution"] == 0.0
    assert sum(line["effective_weight"] for line in result["lines"]) == pytest.approx(100)


def test_a_zero_raw_value_is_data_not_missing():
    result = compute_score({"csat": 1.0, "urgent_open": 0}, {"csat": (50, 5, 1), "urgent_open": (50, 0, 4)})
    assert result["score"] == 50
    assert result["missing"] == []


def test_no_signal_with_data_gives_no_score():
    result = compute_score({}, DEFAULT_PROFILE)
    assert result["score"] is None
    assert result["missing"] == [signal for signal in SIGNALS if signal in DEFAULT_PROFILE]


def test_zero_weight_signal_is_shown_but_does_not_count():
    result = compute_score({"csat": 5, "nps": -100}, {"csat": (10, 5, 1), "nps": (0, 100, -100)})
    assert result["score"] == 100
    assert result["missing"] == []


def test_all_weights_zero_refused():
    with pytest.raises(HealthConfigError, match="zero_weights"):
        compute_score({"csat": 5}, {"csat": (0, 5, 1), "nps": (0, 100, -100)})
    with pytest.raises(HealthConfigError, match="negative_weight"):
        check_weights([10, -1])


@pytest.mark.parametrize(("score", "status"), [(0, "red"), (39, "red"), (40, "yellow"), (69, "yellow"),
                                               (70, "green"), (100, "green")])
def test_status_thresholds(score, status):
    assert health_status(score, 40, 70) == status


@pytest.mark.parametrize(("red", "yellow"), [(70, 40), (50, 50), (-1, 50), (40, 101), (None, 70)])
def test_thresholds_out_of_order_refused(red, yellow):
    with pytest.raises(HealthConfigError, match="thresholds_order"):
        check_thresholds(red, yellow)


def test_trend():
    assert trend(62, 80) == -18
    assert trend(80, None) is None
    assert trend_direction(-18) == "down"
    assert trend_direction(5) == "up"
    assert trend_direction(1) == "flat"
    assert trend_direction(None) == "new"


def test_ticket_signals_without_tickets_are_missing():
    assert ticket_signals() == {"ticket_volume": None, "urgent_open": None, "sla_breaches": None,
                                "reopen_rate": None}


def test_ticket_signals_from_counts():
    signals = ticket_signals(tickets_all=20, tickets_90=14, tickets_30=6, open_urgent=1, reopened_90=7,
                             sla_due_30=5, sla_breached_30=2)
    # 6 tickets this month against 8 in the 60 days before (4 a month): 1.5
    assert signals == {"ticket_volume": 1.5, "urgent_open": 1, "sla_breaches": 2, "reopen_rate": 50.0}
    assert ticket_signals(tickets_all=3)["urgent_open"] == 0
    # all tickets of this month: no baseline yet
    assert ticket_signals(tickets_all=5, tickets_90=5, tickets_30=5)["ticket_volume"] is None


def test_voice_signals():
    assert voice_signals(0, 0, 0) == {"csat": None, "nps": None}
    assert voice_signals(4.5, 0, 3) == {"csat": 4.5, "nps": 0}


def test_touch_days():
    assert touch_days(TODAY, TODAY - timedelta(days=12)) == 12
    assert touch_days(TODAY, None, since=TODAY - timedelta(days=40)) == 40
    assert touch_days(TODAY, None) is None


def test_usage_signals():
    snapshots = [
        Snapshot(TODAY - timedelta(days=200), 100, 100, 0, 9),  # out of the window
        Snapshot(TODAY - timedelta(days=45), 50, 100, 300, 3),
        Snapshot(TODAY - timedelta(days=20), 45, 100, 200, 4),
        Snapshot(TODAY - timedelta(days=1), 40, 80, 150, 5),
    ]
    # latest 40/80 seats; trend against 45 days ago (the latest ≥ 30 days older): 50 → 40
    assert usage_signals(snapshots, TODAY, key_features=10) == {
        "seat_utilisation": 50.0, "active_user_trend": -20.0, "feature_adoption": 50.0,
    }


def test_usage_trend_needs_two_snapshots_and_usage_a_recent_one():
    one = [Snapshot(TODAY, 10, 20, 5, 2)]
    assert usage_signals(one, TODAY)["active_user_trend"] is None
    assert usage_signals(one, TODAY)["seat_utilisation"] == 50.0
    assert usage_signals([Snapshot(TODAY - timedelta(days=100), 10, 20, 5, 2)], TODAY) == {
        "seat_utilisation": None, "active_user_trend": None, "feature_adoption": None}
    two = [Snapshot(TODAY - timedelta(days=10), 20, 20, 5, 2), Snapshot(TODAY, 25, 20, 5, 20)]
    signals = usage_signals(two, TODAY, key_features=10)
    assert signals["active_user_trend"] == 25.0
    assert signals["feature_adoption"] == 100.0


def test_episode_starts_on_red_once():
    assert episode_action(False, "red", None, None) == "start"
    assert episode_action(True, "red", -5, "red") is None


def test_episode_starts_on_a_drop():
    assert episode_action(False, "yellow", -15, "green", drop_points=15) == "start"
    assert episode_action(False, "yellow", -14, "green", drop_points=15) is None
    assert episode_action(False, "green", None, None) is None


def test_episode_ends_after_two_consecutive_green_checks():
    assert episode_action(True, "green", 30, "yellow") is None
    assert episode_action(True, "green", 2, "green") == "end"
    # the previous green check was taken before the episode: it does not count
    assert episode_action(True, "green", 2, "green", previous_in_episode=False) is None
    # a big drop while green keeps the episode open
    assert episode_action(True, "green", -20, "green", drop_points=15) is None


def test_stage_after_episode():
    assert stage_after_episode("adoption") == "adoption"
    assert stage_after_episode("at_risk") == "mature"
    assert stage_after_episode(False) == "mature"


def test_check_due():
    assert check_due(TODAY, None, 30)
    assert check_due(TODAY, TODAY - timedelta(days=30), 30)
    assert not check_due(TODAY, TODAY - timedelta(days=29), 30)


def test_report_periods_and_due():
    assert report_period(date(2026, 11, 20), "monthly") == (date(2026, 10, 1), date(2026, 10, 31))
    assert report_period(date(2026, 11, 20), "weekly") == (date(2026, 11, 9), date(2026, 11, 15))
    assert report_due(date(2026, 11, 1), "monthly", None)
    assert report_due(date(2026, 11, 1), "monthly", date(2026, 10, 1))
    assert not report_due(date(2026, 11, 20), "monthly", date(2026, 11, 1))
    assert not report_due(date(2026, 11, 20), "weekly", date(2026, 11, 16))
    assert report_due(date(2026, 11, 23), "weekly", date(2026, 11, 16))
    assert not report_due(date(2026, 11, 23), "none", None)


def test_clean_usage_counts():
    assert clean_usage_counts({"active_users": "12", "licensed_seats": 20, "logins": "", "features_used": "3"}) == {
        "active_users": 12, "licensed_seats": 20, "logins": 0, "features_used": 3}
    with pytest.raises(UsageRowError, match="negative"):
        clean_usage_counts({"active_users": -1})
    with pytest.raises(UsageRowError, match="not_a_number"):
        clean_usage_counts({"logins": "many"})
    with pytest.raises(UsageRowError, match="not_a_number"):
        clean_usage_counts({"logins": "1.5"})


def test_incident_signal_counts_major_incidents_and_half_the_other_problems():
    assert incident_signal(major_problems=2, other_problems=1, tickets_all=5) == 2.5
    assert incident_signal(major_problems=0, other_problems=3, tickets_all=5) == 1.5


def test_incident_signal_without_incident_is_a_good_zero():
    assert incident_signal(tickets_all=4) == 0


def test_incident_signal_without_tickets_has_no_data():
    assert incident_signal() is None
    assert incident_signal(major_problems=0, other_problems=0, tickets_all=0) is None


def test_incident_signal_scores_lower_with_more_incidents():
    profile = {"incidents": (10, 0, 3), "csat": (10, 5, 1)}
    calm = compute_score({"csat": 5, "incidents": incident_signal(tickets_all=3)}, profile)
    hit = compute_score({"csat": 5, "incidents": incident_signal(major_problems=2, tickets_all=3)}, profile)
    assert calm["score"] == 100
    assert hit["score"] < calm["score"]
    assert hit["score"] == 67  # csat 100 x 50 % + incidents (3 - 2) / 3 = 33.33 x 50 %
