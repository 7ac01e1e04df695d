"""Which SLA policy applies to a ticket."""

from dataclasses import dataclass, field


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

    def matches(self, ticket):
        return (
            (not self.company_id or self.company_id == ticket.get("company_id"))
            and (not self.tier_ids or ticket.get("tier_id") in self.tier_ids)
            and (not self.priority or self.priority == ticket.get("priority"))
            and (not self.team_ids or ticket.get("team_id") in self.team_ids)
            and (not self.category_ids or ticket.get("category_id") in self.category_ids)
        )


def match_policy(policies, ticket):
    """The id of the first policy by (sequence, id) whose criteria all match
    ``ticket`` (a dict with tier_id, priority, team_id, category_id,
    company_id), or ``None``."""
    for policy in sorted(policies, key=lambda p: (p.sequence, p.policy_id)):
        if policy.matches(ticket):
            return policy.policy_id
    return None
