"""Which agent gets a ticket: skill, level, availability, capacity, load."""

from dataclasses import dataclass, field

LEVELS = ("junior", "intermediate", "senior", "expert")
DEFAULT_MIN_LEVEL = {"l1": "junior", "l2": "intermediate", "l3": "senior"}


def priority_weight(priority):
    """Load weight of an open ticket: Low 1, Medium 2, High 3, Very High 4."""
    return int(priority or 0) + 1


@dataclass
class Agent:
    user_id: int
    capacity: int
    available: bool = True
    open_count: int = 0
    load: int = 0
    # {("category", id) or ("tag", id): level}
    skills: dict = field(default_factory=dict)
    # good at calming upset customers
    de_escalation: bool = False


@dataclass(frozen=True)
class Need:
    """What a ticket asks of its agent: a category and/or tags to master at
    ``min_level`` or above (no category and no tag: anyone will do)."""

    category_id: int | None = None
    tag_ids: frozenset = frozenset()
    min_level: str = "junior"
    weight: int = 1
    # an upset customer: de-escalation agents first, among the qualified ones
    prefer_de_escalation: bool = False


def qualifies(agent, need):
    if not agent.available or agent.open_count >= agent.capacity:
        return False
    wanted = []
    if need.category_id:
        wanted = [("category", need.category_id)]
    elif need.tag_ids:
        wanted = [("tag", tag_id) for tag_id in need.tag_ids]
    if not wanted:
        return True
    floor = LEVELS.index(need.min_level)
    return any(
        key in agent.skills and LEVELS.index(agent.skills[key]) >= floor for key in wanted
    )


def _after(user_ids, last_user_id):
    """``user_ids`` sorted, rotated to start just after ``last_user_id``."""
    ordered = sorted(user_ids)
    later = [user_id for user_id in ordered if last_user_id is not None and user_id > last_user_id]
    return later + [user_id for user_id in ordered if user_id not in later]


def choose(agents, need, method="balanced", last_user_id=None):
    """The user id to assign, or ``None``.

    With ``need.prefer_de_escalation``, qualified agents with the
    de-escalation skill come first (any qualified agent when none has it).
    ``balanced``: the least weighted load among qualified agents, ties going
    round-robin after ``last_user_id``; ``round_robin``: the next qualified
    agent after ``last_user_id``, whatever the load.
    """
    qualified = [agent for agent in agents if qualifies(agent, need)]
    if not qualified:
        return None
    if need.prefer_de_escalation:
        calming = [agent for agent in qualified if agent.de_escalation]
        qualified = calming or qualified
    if method == "balanced":
        lightest = min(agent.load for agent in qualified)
        qualified = [agent for agent in qualified if agent.load == lightest]
    return _after([agent.user_id for agent in qualified], last_user_id)[0]


def assign_batch(agents, needs, method="balanced", last_user_id=None):
    """Assign tickets in order; each pick adds to the chosen agent's load and
    open count before the next, so a batch spreads like one-by-one arrivals.
    Returns (user ids or None per need, last assigned user id)."""
    by_id = {agent.user_id: agent for agent in agents}
    picks = []
    for need in needs:
        user_id = choose(by_id.values(), need, method, last_user_id)
        picks.append(user_id)
        if user_id is not None:
            agent = by_id[user_id]
            agent.open_count += 1
            agent.load += need.weight
            last_user_id = user_id
    return picks, last_user_id
