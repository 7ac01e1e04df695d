from datetime import datetime, timedelta

from cs_engine.problem_detection import (
    NewTicket,
    find_clusters,
    fingerprint,
    raised_priority,
    split_known,
)

T0 = datetime(2026, 3, 30, 9, 0)


def tickets(key, accounts):
    return [NewTicket(i + 1, key, account, T0 + timedelta(minutes=i)) for i, account in enumerate(accounts)]


def test_five_tickets_of_three_accounts_make_a_cluster():
    clusters = find_clusters(tickets(7, [1, 1, 2, 2, 3]), 5, 3)
    assert len(clusters) == 1
    assert clusters[0].key == 7
    assert clusters[0].ticket_ids == [1, 2, 3, 4, 5]
    assert clusters[0].account_ids == [1, 2, 3]
    assert clusters[0].last_date == T0 + timedelta(minutes=4)


def test_five_tickets_of_one_account_are_no_cluster():
    assert find_clusters(tickets(7, [1] * 5), 5, 3) == []


def test_four_tickets_are_too_few():
    assert find_clusters(tickets(7, [1, 2, 3, 4]), 5, 3) == []


def test_tickets_without_category_or_account_do_not_count():
    batch = tickets(None, [1, 2, 3, 4, 5]) + tickets(8, [1, 2, 0, 0, 0])
    assert find_clusters(batch, 5, 3) == []


def test_clusters_by_key_biggest_first():
    batch = tickets("a", [1, 2, 3, 4, 5]) + [
        NewTicket(100 + i, "b", account, T0) for i, account in enumerate([1, 2, 3, 4, 5, 6])]
    assert [c.key for c in find_clusters(batch, 5, 3)] == ["b", "a"]


def test_an_announced_burst_still_going_is_not_new():
    cluster = find_clusters(tickets(7, [1, 2, 3, 4, 5]), 5, 3)[0]
    window_start = T0 - timedelta(minutes=60)
    new, ongoing = split_known([cluster], {fingerprint(7): T0 - timedelta(minutes=10)}, window_start)
    assert (new, ongoing) == ([], [cluster])


def test_a_burst_after_a_quiet_window_is_new():
    cluster = find_clusters(tickets(7, [1, 2, 3, 4, 5]), 5, 3)[0]
    window_start = T0 - timedelta(minutes=60)
    new, ongoing = split_known([cluster], {fingerprint(7): T0 - timedelta(minutes=61)}, window_start)
    assert (new, ongoing) == ([cluster], [])
    assert split_known([cluster], {}, window_start) == ([cluster], [])


def test_priority_rises_never_falls():
    assert raised_priority("1", "3") == "3"
    assert raised_priority("3", "2") == "3"
    assert raised_priority(False, "2") == "2"
