from datetime import datetime, timedelta

from cs_engine.problem_detection import (
    KnownCluster,
    NewTicket,
    alike,
    find_clusters,
    fingerprint,
    raised_priority,
    split_known,
    title_words,
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


def test_tickets_without_category_words_or_account_do_not_count():
    batch = tickets(None, [1, 2, 3, 4, 5]) + tickets(8, [1, 2, 0, 0, 0])
    assert find_clusters(batch, 5, 3) == []


def test_clusters_by_key_biggest_first():
    batch = tickets("a", [1, 2, 3, 4, 5]) + [
        NewTicket(100 + i, "b", account, T0) for i, account in enumerate([1, 2, 3, 4, 5, 6])]
    assert [c.key for c in find_clusters(batch, 5, 3)] == ["b", "a"]


def test_an_announced_burst_still_going_is_not_new():
    cluster = find_clusters(tickets(7, [1, 2, 3, 4, 5]), 5, 3)[0]
    window_start = T0 - timedelta(minutes=60)
    known = [KnownCluster(fingerprint(7), T0 - timedelta(minutes=10), [99])]
    new, ongoing = split_known([cluster], known, window_start)
    assert (new, ongoing) == ([], [(cluster, "category:7")])


def test_a_burst_after_a_quiet_window_is_new():
    cluster = find_clusters(tickets(7, [1, 2, 3, 4, 5]), 5, 3)[0]
    window_start = T0 - timedelta(minutes=60)
    known = [KnownCluster(fingerprint(7), T0 - timedelta(minutes=61), [1])]
    assert split_known([cluster], known, window_start) == ([cluster], [])
    assert split_known([cluster], [], window_start) == ([cluster], [])


def text_tickets(titles, accounts):
    return [NewTicket(i + 1, None, account, T0 + timedelta(minutes=i), frozenset(title.lower().split()))
            for i, (title, account) in enumerate(zip(titles, accounts))]


def test_alike_titles_without_category_make_a_cluster():
    titles = ["Cannot export monthly report", "monthly report export is empty", "Export of the monthly report fails",
              "monthly report export broken", "report export monthly timeout"]
    clusters = find_clusters(text_tickets(titles, [1, 2, 3, 1, 2]), 5, 3)
    assert len(clusters) == 1
    assert clusters[0].key == "text:export+monthly+report"
    assert fingerprint(clusters[0].key) == "text:export+monthly+report"


def test_different_titles_make_no_cluster():
    titles = ["Cannot export monthly report", "Printer jams on page two", "Password reset mail missing",
              "Invoice total is wrong", "Slow login from Shanghai"]
    assert find_clusters(text_tickets(titles, [1, 2, 3, 4, 5]), 5, 3) == []


def test_stopwords_do_not_make_titles_alike():
    assert not alike(title_words({"cannot", "sign", "in"}), title_words({"cannot", "print", "in"}))
    assert alike(title_words({"登录", "失败", "系统"}), title_words({"登录", "失败"}))


def test_a_text_burst_whose_words_moved_is_still_the_same_burst():
    cluster = find_clusters(text_tickets(["monthly report export"] * 5, [1, 2, 3, 1, 2]), 5, 3)[0]
    known = [KnownCluster("text:empty+export+report", T0, [3])]
    assert split_known([cluster], known, T0 - timedelta(minutes=60)) == (
        [], [(cluster, "text:empty+export+report")])


def test_priority_rises_never_falls():
    assert raised_priority("1", "3") == "3"
    assert raised_priority("3", "2") == "3"
    assert raised_priority(False, "2") == "2"
