from cs_engine.sla_policy import PolicyCriteria, match_policy
from cs_engine.sla_status import reached_status, ticket_sla_status

TICKET = {"tier_id": 1, "priority": "3", "team_id": 7, "category_id": 4, "company_id": 1}


def test_empty_criteria_match_everything():
    assert match_policy([PolicyCriteria(5)], TICKET) == 5


def test_first_match_by_sequence_then_id():
    policies = [
        PolicyCriteria(9, sequence=20),
        PolicyCriteria(8, sequence=10, tier_ids=frozenset({2})),
        PolicyCriteria(7, sequence=10, tier_ids=frozenset({1})),
        PolicyCriteria(6, sequence=10, tier_ids=frozenset({1})),
    ]
    assert match_policy(policies, TICKET) == 6


def test_every_criterion_must_match():
    policy = PolicyCriteria(
        1, tier_ids=frozenset({1}), priority="3", team_ids=frozenset({7}), category_ids=frozenset({4})
    )
    assert match_policy([policy], TICKET) == 1
    for key, value in (("tier_id", 2), ("priority", "2"), ("team_id", 8), ("category_id", False)):
        assert match_policy([policy], {**TICKET, key: value}) is None


def test_company_restriction():
    assert match_policy([PolicyCriteria(1, company_id=2)], TICKET) is None
    assert match_policy([PolicyCriteria(1, company_id=1)], TICKET) == 1


def test_no_policy():
    assert match_policy([], TICKET) is None


def test_ticket_status():
    assert ticket_sla_status([]) == "none"
    assert ticket_sla_status([("met", False), ("running", False)]) == "on_track"
    assert ticket_sla_status([("paused", True), ("running", False)]) == "at_risk"
    assert ticket_sla_status([("met", True), ("breached", False)]) == "breached"
    assert ticket_sla_status([("met", False), ("met", True)]) == "met"


def test_ticket_status_paused_when_every_open_clock_is_paused():
    assert ticket_sla_status([("met", False), ("paused", False)]) == "paused"
    assert ticket_sla_status([("paused", True), ("paused", False)]) == "paused"
    assert ticket_sla_status([("paused", False), ("running", False)]) == "on_track"
    assert ticket_sla_status([("paused", False), ("breached", False)]) == "breached"


def test_reached_status():
    assert reached_status(10, 9, "running") == "met"
    assert reached_status(10, 11, "running") == "breached"
    assert reached_status(10, 9, "breached") == "breached"
    assert reached_status(None, 9, "running") == "met"


def test_team_move_cycle_between_two_policies():
    from cs_engine.sla_policy import PolicyCriteria, team_move_cycle

    x = PolicyCriteria(policy_id=1, team_ids=frozenset({1}))
    y = PolicyCriteria(policy_id=2, team_ids=frozenset({3}))
    assert team_move_cycle([x, y], [(1, 3), (2, 1)]) == [(1, 3), (2, 1)]
    assert team_move_cycle([x, y], [(1, 3)]) is None
    # another tier on each side: no ticket is taken by both
    x2 = PolicyCriteria(policy_id=1, team_ids=frozenset({1}), tier_ids=frozenset({7}))
    y2 = PolicyCriteria(policy_id=2, team_ids=frozenset({3}), tier_ids=frozenset({8}))
    assert team_move_cycle([x2, y2], [(1, 3), (2, 1)]) is None
    # an every-team policy that comes first keeps the moved ticket
    anyteam = PolicyCriteria(policy_id=1, sequence=1)
    later = PolicyCriteria(policy_id=2, sequence=5, team_ids=frozenset({3}))
    assert team_move_cycle([anyteam, later], [(1, 3), (2, 1)]) is None
