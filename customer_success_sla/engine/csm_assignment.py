"""Choice of a customer success manager by portfolio load."""


def assign_least_loaded(loads, count):
    """Pick a CSM for each of ``count`` new accounts.

    ``loads`` maps a candidate id to the number of accounts it already owns.
    Each pick goes to the least loaded candidate, ties to the lowest id so the
    outcome is deterministic; the picked candidate's load grows by one before
    the next pick, so a batch spreads evenly. Returns the ids in pick order,
    or an empty list when there is no candidate.
    """
    if not loads or count <= 0:
        return []
    current = dict(loads)
    picks = []
    for _index in range(count):
        chosen = min(current, key=lambda candidate: (current[candidate], candidate))
        picks.append(chosen)
        current[chosen] += 1
    return picks
