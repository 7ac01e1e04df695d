"""Which SLA policy applies to a ticket."""

from dataclasses import dataclass, field
from itertools import product


@dataclass(frozen=True)
class PolicyCriteria:
    """A policy's matching criteria; an empty criterion matches everything."""

    policy_id: int
    sequence: int = 10
    company_id: int | None = None
    tier_ids: frozenset = field(default_factory=frozenset)
    priority: str | None = None
    team_ids: frozenset = field(default_factory=frozenset)
    category_ids: frozenset = field(default_factory=frozenset)
    hypercare_only: bool = False

    def matches(self, ticket):
        return (
            (not self.company_id or self.company_id == ticket.get("company_id"))
            and (not self.tier_ids or ticket.get("tier_id") in self.tier_ids)
            and (not self.priority or self.priority == ticket.get("priority"))
            and (not self.team_ids or ticket.get("team_id") in self.team_ids)
            and (not self.category_ids or ticket.get("category_id") in self.category_ids)
            and (not self.hypercare_only or bool(ticket.get("in_hypercare")))
        )


def in_hypercare(go_live, day, hypercare_days):
    """Whether an account that went live on ``go_live`` is still in its
    hypercare period on ``day``: from the go-live day for ``hypercare_days``
    days (0: no hypercare). Dates, not datetimes."""
    return bool(go_live and hypercare_days > 0 and 0 <= (day - go_live).days < hypercare_days)


def match_policy(policies, ticket):
    """The id of the first policy by (sequence, id) whose criteria all match
    ``ticket`` (a dict with tier_id, priority, team_id, category_id,
    company_id, in_hypercare), or ``None``."""
    for policy in sorted(policies, key=lambda p: (p.sequence, p.policy_id)):
        if policy.matches(ticket):
            return policy.policy_id
    return None


def next_sequence(sequences, count=1, step=10):
    """Sequences for ``count`` new policies placed after the existing ones
    (``sequences``): a new policy never takes tickets from a shipped one
    unless it is moved up on purpose."""
    top = max(sequences, default=0)
    return [top + step * (index + 1) for index in range(count)]


def ticket_kinds(candidate, space, hypercare_tier_ids=frozenset()):
    """Every kind of ticket ``candidate`` matches, as match_policy's ticket
    dicts: the product of ``space`` (``{"tier_id": [...], "priority": [...],
    "team_id": [...], "category_id": [...], "company_id": [...]}``, where
    ``None`` stands for "none, or one no policy names") restricted to the
    candidate's criteria. Only tiers of ``hypercare_tier_ids`` have tickets
    in hypercare."""
    def values(key, chosen):
        return [value for value in space[key] if not chosen or value in chosen]

    dimensions = product(
        values("tier_id", candidate.tier_ids),
        values("priority", {candidate.priority} if candidate.priority else ()),
        values("team_id", candidate.team_ids),
        values("category_id", candidate.category_ids),
        values("company_id", {candidate.company_id} if candidate.company_id else ()),
    )
    for tier_id, priority, team_id, category_id, company_id in dimensions:
        for in_hypercare in (False, True) if tier_id in hypercare_tier_ids else (False,):
            ticket = {"tier_id": tier_id, "priority": priority, "team_id": team_id,
                      "category_id": category_id, "company_id": company_id, "in_hypercare": in_hypercare}
            if candidate.matches(ticket):
                yield ticket


def precedence(policies, candidate, space, hypercare_tier_ids=frozenset()):
    """What ``candidate`` changes for the tickets it matches, among
    ``policies`` (the other policies; the candidate itself is ignored there).

    Returns ``(taken, kept, kinds)``: ``taken`` maps each policy id to the
    ticket kinds it would get without the candidate and the candidate takes;
    ``kept`` maps each earlier policy to the kinds the candidate matches but
    that policy keeps; ``kinds`` is every kind the candidate matches."""
    others = [policy for policy in policies if policy.policy_id != candidate.policy_id]
    ranked = sorted([*others, candidate], key=lambda p: (p.sequence, p.policy_id))
    taken, kept = {}, {}
    kinds = list(ticket_kinds(candidate, space, hypercare_tier_ids))
    for ticket in kinds:
        winner = next(policy for policy in ranked if policy.matches(ticket))
        if winner is candidate:
            before = match_policy(others, ticket)
            if before is not None:
                taken.setdefault(before, []).append(ticket)
        else:
            kept.setdefault(winner.policy_id, []).append(ticket)
    return taken, kept, kinds


def combos(tickets, kinds):
    """The (tier, priority) combinations of ``tickets`` (a subset of
    ``kinds``), each with how much of it they cover: ``"all"`` of the
    candidate's tickets of that combination, ``"hypercare"`` exactly its
    tickets in hypercare, ``"no_hypercare"`` exactly those outside
    hypercare, or ``"part"``. In the order of ``kinds``."""
    totals, hypercare_totals, found = {}, {}, {}
    for ticket in kinds:
        key = (ticket["tier_id"], ticket["priority"])
        totals[key] = totals.get(key, 0) + 1
        hypercare_totals[key] = hypercare_totals.get(key, 0) + bool(ticket["in_hypercare"])
    for ticket in tickets:
        key = (ticket["tier_id"], ticket["priority"])
        count, hypercare = found.get(key, (0, 0))
        found[key] = (count + 1, hypercare + bool(ticket["in_hypercare"]))
    result = []
    for key in totals:
        if key not in found:
            continue
        count, hypercare = found[key]
        if count == totals[key]:
            scope = "all"
        elif count == hypercare == hypercare_totals[key]:
            scope = "hypercare"
        elif hypercare == 0 and count == totals[key] - hypercare_totals[key]:
            scope = "no_hypercare"
        else:
            scope = "part"
        result.append((*key, scope))
    return result


def winner_matrix(policies, tier_ids, priorities, ticket):
    """``{(tier_id, priority): policy id or None}``: the policy a ticket of
    each tier and priority gets, the rest of the ticket (team, category,
    company, in_hypercare) given by ``ticket``."""
    return {
        (tier_id, priority): match_policy(policies, {**ticket, "tier_id": tier_id, "priority": priority})
        for tier_id in tier_ids
        for priority in priorities
    }


def format_hours(hours):
    """Working hours as hours:minutes, as Odoo's float_time widget shows them
    (0.083333 -> "0:05", 26.5 -> "26:30")."""
    minutes = round(abs(hours or 0.0) * 60)
    sign = "-" if (hours or 0.0) < 0 and minutes else ""
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


def _overlap(left, right):
    return not left or not right or bool(left & right)


def _may_follow(first, second, team_id):
    """Whether a ticket that ``first``'s escalation moved to ``team_id`` may
    change to policy ``second`` (which a re-match then escalates anew)."""
    if first.policy_id == second.policy_id:
        return False  # same policy: clocks are kept, their rules ran once
    if second.team_ids and team_id not in second.team_ids:
        return False
    if first.company_id and second.company_id and first.company_id != second.company_id:
        return False
    if not (_overlap(first.tier_ids, second.tier_ids) and _overlap(first.category_ids, second.category_ids)):
        return False
    # ``first`` keeps the ticket when it still matches it and comes first.
    first_keeps = not first.team_ids or team_id in first.team_ids
    return not first_keeps or (second.sequence, second.policy_id) < (first.sequence, first.policy_id)


def team_move_cycle(policies, moves):
    """A chain of escalation team moves that can bring a ticket back to a
    team it was moved out of, or ``None``.

    ``policies``: the PolicyCriteria of the active policies; ``moves``: the
    (policy id, team id) of the escalation rules that move tickets. A move to
    team T of policy P leads to a move of policy Q when a ticket of P moved
    to T may be taken by Q (which opens new clocks, escalated again) and Q
    moves it to another team. Priority is left out: escalations may raise it.
    Returns the list of moves of the cycle.
    """
    by_id = {policy.policy_id: policy for policy in policies}
    moves = [move for move in dict.fromkeys(moves) if move[0] in by_id]
    graph = {
        move: [
            nxt for nxt in moves
            if nxt[1] != move[1] and _may_follow(by_id[move[0]], by_id[nxt[0]], move[1])
        ]
        for move in moves
    }
    state = {}  # 1: on the current path, 2: explored
    for root in graph:
        if root in state:
            continue
        path, stack = [], [(root, iter(graph[root]))]
        state[root] = 1
        path.append(root)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                return path[path.index(child):]
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph[child])))
    return None
