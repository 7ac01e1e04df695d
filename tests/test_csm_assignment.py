from cs_engine.csm_assignment import assign_least_loaded


def test_least_loaded_candidate_wins():
    assert assign_least_loaded({7: 3, 9: 1, 4: 2}, 1) == [9]


def test_ties_go_to_the_lowest_id():
    assert assign_least_loaded({12: 2, 5: 2, 8: 2}, 1) == [5]


def test_a_batch_spreads_over_candidates():
    assert assign_least_loaded({1: 0, 2: 1}, 4) == [1, 1, 2, 1]


def test_no_candidate_or_nothing_to_assign():
    assert assign_least_loaded({}, 3) == []
    assert assign_least_loaded({1: 0}, 0) == []


def test_input_loads_are_not_mutated():
    loads = {1: 0, 2: 0}
    assign_least_loaded(loads, 2)
    assert loads == {1: 0, 2: 0}
