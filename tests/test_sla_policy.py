from cs_engine.sla_policy import (
    PolicyCriteria, combos, format_hours, match_policy, next_sequence, precedence, winner_matrix,
)
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


# --- precedence: what a new policy takes from the others (issue 19) ---
PRIORITIES = ["0", "1", "2", "3"]
SPACE = {"tier_id": [1, 2, None], "priority": PRIORITIES, "team_id": [7, None],
         "category_id": [None], "company_id": [None]}


def test_new_policies_go_after_the_existing_ones():
    assert next_sequence([10, 11, 33]) == [43]
    assert next_sequence([10, 11, 33], count=3) == [43, 53, 63]
    assert next_sequence([], count=2) == [10, 20]


def test_catch_all_policy_on_top_takes_every_tier_and_priority():
    core_very_high = PolicyCriteria(1, sequence=20, tier_ids=frozenset({2}), priority="3")
    core_other = PolicyCriteria(2, sequence=21, tier_ids=frozenset({2}))
    catch_all = PolicyCriteria(3, sequence=10)
    taken, kept, kinds = precedence([core_very_high, core_other], catch_all, SPACE)
    assert set(taken) == {1, 2}
    assert combos(taken[1], kinds) == [(2, "3", "all")]
    assert combos(taken[2], kinds) == [(2, "0", "all"), (2, "1", "all"), (2, "2", "all")]
    assert kept == {}


def test_catch_all_policy_at_the_end_takes_nothing_and_names_who_keeps():
    core_very_high = PolicyCriteria(1, sequence=20, tier_ids=frozenset({2}), priority="3")
    catch_all = PolicyCriteria(3, sequence=next_sequence([20])[0])
    taken, kept, kinds = precedence([core_very_high, catch_all], catch_all, SPACE)
    assert taken == {}
    assert combos(kept[1], kinds) == [(2, "3", "all")]


def test_team_policy_takes_part_of_a_combination():
    core = PolicyCriteria(1, sequence=20, tier_ids=frozenset({2}))
    team_policy = PolicyCriteria(2, sequence=5, team_ids=frozenset({7}), priority="3")
    taken, _kept, kinds = precedence([core], team_policy, SPACE)
    # the team policy only matches team 7: all of its own tickets of Core x Very High
    assert combos(taken[1], kinds) == [(2, "3", "all")]
    # seen from Core, the team policy takes part of its Very High tickets
    _taken, kept, core_kinds = precedence([team_policy], core, SPACE)
    assert combos(kept[2], core_kinds) == [(2, "3", "part")]


def test_hypercare_policy_takes_only_hypercare_tickets():
    core = PolicyCriteria(1, sequence=20, tier_ids=frozenset({2}))
    hypercare = PolicyCriteria(2, sequence=15, tier_ids=frozenset({2}), hypercare_only=True)
    _taken, kept, kinds = precedence([hypercare], core, SPACE, hypercare_tier_ids=frozenset({2}))
    assert combos(kept[2], kinds) == [(2, p, "hypercare") for p in PRIORITIES]


def test_winner_matrix_uses_the_engine_match():
    core_very_high = PolicyCriteria(1, sequence=20, tier_ids=frozenset({2}), priority="3")
    catch_all = PolicyCriteria(3, sequence=30)
    matrix = winner_matrix([core_very_high, catch_all], [2, None], ["2", "3"], {"team_id": None})
    assert matrix == {(2, "2"): 3, (2, "3"): 1, (None, "2"): 3, (None, "3"): 3}


def test_hours_read_as_hours_and_minutes():
    assert format_hours(0.083333) == "0:05"
    assert format_hours(2) == "2:00"
    assert format_hours(26.5) == "26:30"
    assert format_hours(0.999999) == "1:00"
    assert format_hours(False) == "0:00"


def test_catch_all_on_top_takes_what_hypercare_policies_leave():
    core = PolicyCriteria(1, sequence=20, tier_ids=frozenset({2}))
    hypercare = PolicyCriteria(2, sequence=15, tier_ids=frozenset({2}), hypercare_only=True)
    catch_all = PolicyCriteria(3, sequence=10)
    taken, _kept, kinds = precedence([core, hypercare], catch_all, SPACE, hypercare_tier_ids=frozenset({2}))
    assert combos(taken[1], kinds) == [(2, p, "no_hypercare") for p in PRIORITIES]
    assert combos(taken[2], kinds) == [(2, p, "hypercare") for p in PRIORITIES]
