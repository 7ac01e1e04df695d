"""Spotting a burst of look-alike tickets: the start of a problem.

Plain data in, plain data out. A ticket is a ``NewTicket``; tickets that
share a key (their category) form a cluster when, within the window, there
are at least ``min_tickets`` of them from at least ``min_accounts`` accounts.
A cluster is announced once: while its burst goes on (a ticket of the same
key within the window of the last one announced) it is extended, not
announced again.
"""

from collections import namedtuple

DEFAULT_MIN_TICKETS = 5
DEFAULT_MIN_ACCOUNTS = 3
DEFAULT_WINDOW_MINUTES = 60

# key: (smallest, largest) whole value, checked as the addon's other settings.
DETECTION_SETTINGS = {
    "customer_success_sla.problem_min_tickets": (2, 1000),
    "customer_success_sla.problem_min_accounts": (1, 1000),
    "customer_success_sla.problem_window_minutes": (5, 10080),
}

NewTicket = namedtuple("NewTicket", "id key account_id create_date")
Cluster = namedtuple("Cluster", "key ticket_ids account_ids last_date")


def fingerprint(key):
    """The text that identifies a cluster's kind of ticket across cron runs."""
    return f"category:{key}"


def find_clusters(tickets, min_tickets=DEFAULT_MIN_TICKETS, min_accounts=DEFAULT_MIN_ACCOUNTS):
    """Clusters of ``tickets`` (already limited to the window) by key, those
    big and wide enough, biggest first. Tickets without key or account are
    not counted: a burst is about look-alike tickets of several customers."""
    groups = {}
    for ticket in tickets:
        if ticket.key is None or ticket.key is False or not ticket.account_id:
            continue
        groups.setdefault(ticket.key, []).append(ticket)
    clusters = []
    for key, members in groups.items():
        accounts = {ticket.account_id for ticket in members}
        if len(members) >= min_tickets and len(accounts) >= min_accounts:
            members.sort(key=lambda t: (t.create_date, t.id))
            clusters.append(Cluster(
                key, [t.id for t in members], sorted(accounts), members[-1].create_date))
    clusters.sort(key=lambda c: (-len(c.ticket_ids), str(c.key)))
    return clusters


def split_known(clusters, known_last_dates, window_start):
    """(new, ongoing): ``known_last_dates`` maps a fingerprint to the date of
    the last ticket of its announced cluster. A cluster whose fingerprint was
    announced with a ticket inside the window is the same burst: ongoing."""
    new, ongoing = [], []
    for cluster in clusters:
        last = known_last_dates.get(fingerprint(cluster.key))
        (ongoing if last is not None and last >= window_start else new).append(cluster)
    return new, ongoing


def raised_priority(ticket_priority, problem_priority):
    """A ticket linked to a major problem rises to its priority, never falls."""
    return max(ticket_priority or "0", problem_priority or "0")
