"""Per-level engagement targets and periodic updates: which targets are
valid, and how clocks of one policy are told apart.

A policy has one target per kind, except ``level_response``: one per support
level. A clock's *key* names its target within the policy: the kind, plus
the level for level targets.
"""

LEVEL_KIND = "level_response"
PERIODIC_KIND = "periodic_update"
MIN_PERIODIC_MINUTES = 5
# The kinds the customer is promised (and shown, and measured by): level
# engagement is an internal OLA, measured apart from that promise.
CUSTOMER_KINDS = ("first_response", "next_response", "resolution", PERIODIC_KIND)


def is_customer_kind(kind):
    """Whether clocks of ``kind`` belong to the customer's promise."""
    return kind in CUSTOMER_KINDS


def clock_key(kind, support_level):
    """Key of a target (or of a clock of it) within its policy."""
    if kind == LEVEL_KIND:
        return f"{kind}:{support_level or ''}"
    return kind


def level_key(support_level):
    """Key of the engagement target of ``support_level``."""
    return clock_key(LEVEL_KIND, support_level)


def target_error(kind, support_level, hours):
    """Why a target cannot be saved, or None: ``level_missing`` (an
    engagement target needs its level), ``level_not_allowed`` (only
    engagement targets have a level), ``periodic_too_short`` (updates more
    often than every 5 minutes)."""
    if kind == LEVEL_KIND and not support_level:
        return "level_missing"
    if kind != LEVEL_KIND and support_level:
        return "level_not_allowed"
    # 0.083333 h, as targets store 5 minutes, is 5 minutes: compare rounded.
    if kind == PERIODIC_KIND and round(hours * 60, 3) < MIN_PERIODIC_MINUTES:
        return "periodic_too_short"
    return None
