from cs_engine.routing import Agent, Need, assign_batch, choose, priority_weight, qualifies


def agents():
    return [
        Agent(1, capacity=5, skills={("category", 10): "junior"}),
        Agent(2, capacity=5, skills={("category", 10): "senior"}),
        Agent(3, capacity=5, skills={("category", 20): "expert"}),
    ]


def test_skill_and_level_filter():
    need = Need(category_id=10, min_level="intermediate")
    assert [a.user_id for a in agents() if qualifies(a, need)] == [2]
    assert choose(agents(), Need(category_id=20, min_level="senior")) == 3


def test_no_skill_needed_means_anyone():
    assert choose(agents(), Need()) == 1


def test_tags_are_skills_when_no_category():
    team = [Agent(1, 5, skills={("tag", 7): "junior"}), Agent(2, 5)]
    assert choose(team, Need(tag_ids=frozenset({7, 8}))) == 1


def test_unavailable_and_full_agents_are_skipped():
    team = agents()
    team[0].available = False
    team[1].open_count = 5
    assert choose(team, Need(category_id=10)) is None


def test_least_weighted_load_wins():
    team = agents()
    team[0].load, team[1].load = 6, 2
    assert choose(team, Need(category_id=10)) == 2


def test_ties_go_round_robin_after_last_assigned():
    team = [Agent(user_id, 5) for user_id in (4, 8, 15)]
    assert choose(team, Need(), last_user_id=8) == 15
    assert choose(team, Need(), last_user_id=15) == 4
    assert choose(team, Need(), last_user_id=None) == 4


def test_round_robin_method_ignores_load():
    team = [Agent(4, 5, load=0), Agent(8, 5, load=9)]
    assert choose(team, Need(), method="round_robin", last_user_id=4) == 8
    assert choose(team, Need(), method="balanced", last_user_id=4) == 4


def test_batch_spreads_and_respects_capacity():
    team = [Agent(1, capacity=2), Agent(2, capacity=1)]
    picks, last = assign_batch(team, [Need()] * 4)
    assert picks == [1, 2, 1, None]
    assert last == 1


def test_batch_weighs_priority():
    team = [Agent(1, 10), Agent(2, 10)]
    needs = [Need(weight=priority_weight("3")), Need(weight=1), Need(weight=1), Need(weight=1)]
    picks, _last = assign_batch(team, needs)
    assert picks == [1, 2, 2, 2]


def test_priority_weights():
    assert [priority_weight(p) for p in ("0", "1", "2", "3", False)] == [1, 2, 3, 4, 1]
