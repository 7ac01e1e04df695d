from cs_engine.priority_matrix import (
    DEFAULT_MATRIX,
    IMPACTS,
    URGENCIES,
    invalid_cells,
    missing_cells,
    resolve_priority,
)


def test_default_matrix_is_complete_and_valid():
    assert missing_cells(DEFAULT_MATRIX) == []
    assert invalid_cells(DEFAULT_MATRIX) == []
    assert len(DEFAULT_MATRIX) == len(IMPACTS) * len(URGENCIES)


def test_default_matrix_corners():
    assert resolve_priority(DEFAULT_MATRIX, "company", "high") == "3"
    assert resolve_priority(DEFAULT_MATRIX, "user", "low") == "0"
    assert resolve_priority(DEFAULT_MATRIX, "user", "medium") == "1"


def test_priority_never_decreases_with_impact_or_urgency():
    for impact_index, impact in enumerate(IMPACTS):
        for urgency_index, urgency in enumerate(URGENCIES):
            here = int(DEFAULT_MATRIX[(impact, urgency)])
            if impact_index:
                assert here >= int(DEFAULT_MATRIX[(IMPACTS[impact_index - 1], urgency)])
            if urgency_index:
                assert here >= int(DEFAULT_MATRIX[(impact, URGENCIES[urgency_index - 1])])


def test_missing_cells_are_listed_in_display_order():
    matrix = dict(DEFAULT_MATRIX)
    del matrix[("team", "high")]
    del matrix[("user", "low")]
    assert missing_cells(matrix) == [("user", "low"), ("team", "high")]


def test_invalid_cells_detects_unknown_keys_and_priorities():
    matrix = dict(DEFAULT_MATRIX)
    matrix[("galaxy", "low")] = "1"
    matrix[("user", "low")] = "9"
    assert invalid_cells(matrix) == [("galaxy", "low"), ("user", "low")]


def test_resolve_priority_falls_back_to_default():
    matrix = {("user", "low"): "0"}
    assert resolve_priority(matrix, "team", "high", default="1") == "1"
    assert resolve_priority(matrix, False, "high", default="2") == "2"
    assert resolve_priority(matrix, "user", None) is None
