from datetime import datetime, timedelta

from cs_engine import service_notice as sn

START = datetime(2026, 3, 1, 10, 0)
END = START + timedelta(hours=2)


def test_scheduled_starts_at_start_and_completes_at_end():
    assert sn.notice_state("scheduled", START, END, START - timedelta(minutes=1)) == "scheduled"
    assert sn.notice_state("scheduled", START, END, START) == "in_progress"
    assert sn.notice_state("in_progress", START, END, END) == "completed"
    # a cron that missed the whole window completes it directly
    assert sn.notice_state("scheduled", START, END, END + timedelta(days=1)) == "completed"


def test_cancelled_and_completed_never_move():
    assert sn.notice_state("cancelled", START, END, END) == "cancelled"
    assert sn.notice_state("completed", START, END, START) == "completed"


def test_reminder_due_within_lead_time_only_once():
    args = ("maintenance", "scheduled", True)
    assert not sn.reminder_due(*args, False, START, 60, START - timedelta(minutes=61))
    assert sn.reminder_due(*args, False, START, 60, START - timedelta(minutes=60))
    assert not sn.reminder_due(*args, True, START, 60, START - timedelta(minutes=30))
    assert not sn.reminder_due(*args, False, START, 60, START)


def test_reminder_only_for_published_maintenance():
    assert not sn.reminder_due("release", "scheduled", True, False, START, 60, START - timedelta(minutes=5))
    assert not sn.reminder_due("maintenance", "scheduled", False, False, START, 60, START - timedelta(minutes=5))
    assert not sn.reminder_due("maintenance", "cancelled", True, False, START, 60, START - timedelta(minutes=5))


def test_component_states_worst_wins():
    states = sn.component_states([1, 2, 3], [2, 3], overrides={3: "outage"})
    assert states == {1: "operational", 2: "maintenance", 3: "outage"}


def test_group_by_language_keeps_order_and_default():
    groups = sn.group_by_language([("zh_CN", "a"), (False, "b"), ("en_US", "c")], "en_US")
    assert groups == [("zh_CN", ["a"]), ("en_US", ["b", "c"])]
