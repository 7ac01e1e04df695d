from datetime import date

from cs_engine.sla_policy import PolicyCriteria, in_hypercare, match_policy

GO_LIVE = date(2026, 6, 1)


def test_hypercare_period():
    assert in_hypercare(GO_LIVE, date(2026, 6, 1), 14)  # go-live day
    assert in_hypercare(GO_LIVE, date(2026, 6, 14), 14)  # 13 days after
    assert not in_hypercare(GO_LIVE, date(2026, 6, 15), 14)  # 14 days after: over
    assert not in_hypercare(GO_LIVE, date(2026, 5, 31), 14)  # not live yet
    assert not in_hypercare(None, date(2026, 6, 2), 14)  # no go-live date
    assert not in_hypercare(GO_LIVE, date(2026, 6, 2), 0)  # no hypercare


def test_hypercare_policy_matches_only_tickets_in_hypercare():
    hypercare = PolicyCriteria(policy_id=1, sequence=5, tier_ids=frozenset({7}), hypercare_only=True)
    normal = PolicyCriteria(policy_id=2, sequence=10, tier_ids=frozenset({7}))
    ticket = {"tier_id": 7, "priority": "1"}
    assert match_policy([normal, hypercare], {**ticket, "in_hypercare": True}) == 1
    assert match_policy([normal, hypercare], {**ticket, "in_hypercare": False}) == 2
    assert match_policy([normal, hypercare], ticket) == 2
