"""Spotting a burst of look-alike tickets: the start of a problem.

Plain data in, plain data out. A ticket is a ``NewTicket``; tickets look
alike when they share a key (their category) or, without category, when
their titles share most of their words (the knowledge base's segmentation,
so Chinese titles compare word by word). Look-alike tickets form a cluster
when, within the window, there are at least ``min_tickets`` of them from at
least ``min_accounts`` accounts. A cluster is announced once: while its
burst goes on (same fingerprint, or a ticket already announced, within the
window) it is extended, not announced again.
"""

from collections import Counter, namedtuple

DEFAULT_MIN_TICKETS = 5
DEFAULT_MIN_ACCOUNTS = 3
DEFAULT_WINDOW_MINUTES = 60

# key: (smallest, largest) whole value, checked as the addon's other settings.
DETECTION_SETTINGS = {
    "customer_success_sla.problem_min_tickets": (2, 1000),
    "customer_success_sla.problem_min_accounts": (1, 1000),
    "customer_success_sla.problem_window_minutes": (5, 10080),
}

# Titles alike: at least this many words in common, and this share of their words.
MIN_SHARED_WORDS = 2
MIN_SIMILARITY = 0.5
# Titles compared per run at most (the newest): pairs grow with the square of their number.
MAX_TEXT_TICKETS = 1000
# Words that say nothing about what broke (Chinese ones are dropped by the tokenizer).
ENGLISH_STOPWORDS = frozenset(
    "a an the to of in on at for from and or but is are was were be been can cannot can't could not no "
    "with without my our your we i it its this that these after before when since does do doesn't don't "
    "did has have had any all some please help issue problem error".split()
)

# ``tokens``: the words of the title, for tickets without key.
NewTicket = namedtuple("NewTicket", "id key account_id create_date tokens", defaults=(frozenset(),))
Cluster = namedtuple("Cluster", "key ticket_ids account_ids last_date")
KnownCluster = namedtuple("KnownCluster", "fingerprint last_date ticket_ids")


def fingerprint(key):
    """The text that identifies a cluster's kind of ticket across cron runs."""
    if isinstance(key, str) and key.startswith("text:"):
        return key
    return f"category:{key}"


def title_words(tokens):
    """The words of a title that tell what it is about."""
    return frozenset(t for t in tokens if t not in ENGLISH_STOPWORDS and (len(t) > 1 or not t.isascii()))


def alike(words_a, words_b):
    shared = len(words_a & words_b)
    return shared >= MIN_SHARED_WORDS and shared >= MIN_SIMILARITY * len(words_a | words_b)


def text_groups(tickets):
    """Tickets grouped by alike titles (linked alike pairs, transitively),
    each group keyed ``text:`` + its most common words. Pairs are found
    through the words they share, not by comparing every pair."""
    words = {t.id: title_words(t.tokens) for t in tickets}
    parent = {t.id: t.id for t in tickets}

    def root(ticket_id):
        while parent[ticket_id] != ticket_id:
            parent[ticket_id] = parent[parent[ticket_id]]
            ticket_id = parent[ticket_id]
        return ticket_id

    by_word = {}
    for ticket in tickets:
        for word in words[ticket.id]:
            by_word.setdefault(word, []).append(ticket.id)
    seen = set()
    for ids in by_word.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                if alike(words[a], words[b]):
                    parent[root(a)] = root(b)
    groups = {}
    for ticket in tickets:
        groups.setdefault(root(ticket.id), []).append(ticket)
    result = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        counts = Counter(word for t in members for word in words[t.id])
        top = sorted(counts, key=lambda w: (-counts[w], w))[:3]
        result["text:" + "+".join(sorted(top))] = members
    return result


def find_clusters(tickets, min_tickets=DEFAULT_MIN_TICKETS, min_accounts=DEFAULT_MIN_ACCOUNTS):
    """Clusters of ``tickets`` (already limited to the window) by key, or by
    alike titles for those without key: those big and wide enough, biggest
    first. Tickets without account are not counted: a burst is about
    look-alike tickets of several customers."""
    groups = {}
    untyped = []
    for ticket in tickets:
        if not ticket.account_id:
            continue
        if ticket.key is None or ticket.key is False:
            if ticket.tokens:
                untyped.append(ticket)
            continue
        groups.setdefault(ticket.key, []).append(ticket)
    untyped.sort(key=lambda t: (t.create_date, t.id), reverse=True)
    groups.update(text_groups(untyped[:MAX_TEXT_TICKETS]))
    clusters = []
    for key, members in groups.items():
        accounts = {ticket.account_id for ticket in members}
        if len(members) >= min_tickets and len(accounts) >= min_accounts:
            members.sort(key=lambda t: (t.create_date, t.id))
            clusters.append(Cluster(
                key, [t.id for t in members], sorted(accounts), members[-1].create_date))
    clusters.sort(key=lambda c: (-len(c.ticket_ids), str(c.key)))
    return clusters


def split_known(clusters, known, window_start):
    """(new, ongoing): ``known`` lists the announced clusters
    (``KnownCluster``). A cluster is the same burst as an announced one whose
    last ticket is inside the window and that has its fingerprint or one of
    its tickets (text keys move as words come in). ``ongoing`` pairs each
    such cluster with the announced one's fingerprint."""
    recent = [k for k in known if k.last_date >= window_start]
    new, ongoing = [], []
    for cluster in clusters:
        print_ = fingerprint(cluster.key)
        ids = set(cluster.ticket_ids)
        same = next((k for k in recent if k.fingerprint == print_), None) or next(
            (k for k in recent if ids & set(k.ticket_ids)), None)
        if same:
            ongoing.append((cluster, same.fingerprint))
        else:
            new.append(cluster)
    return new, ongoing


def raised_priority(ticket_priority, problem_priority):
    """A ticket linked to a major problem rises to its priority, never falls."""
    return max(ticket_priority or "0", problem_priority or "0")
