"""Impact × urgency → ticket priority."""

IMPACTS = ("user", "team", "company")
URGENCIES = ("low", "medium", "high")
# helpdesk.ticket priority keys: 0 Low, 1 Medium, 2 High, 3 Very High
PRIORITIES = ("0", "1", "2", "3")

DEFAULT_MATRIX = {
    ("user", "low"): "0",
    ("user", "medium"): "1",
    ("user", "high"): "2",
    ("team", "low"): "1",
    ("team", "medium"): "2",
    ("team", "high"): "2",
    ("company", "low"): "1",
    ("company", "medium"): "2",
    ("company", "high"): "3",
}


def missing_cells(matrix):
    """Return the (impact, urgency) cells the matrix lacks, in display order."""
    return [
        (impact, urgency)
        for impact in IMPACTS
        for urgency in URGENCIES
        if (impact, urgency) not in matrix
    ]


def invalid_cells(matrix):
    """Return the cells whose key or priority is outside the known values."""
    return sorted(
        cell
        for cell, priority in matrix.items()
        if cell[0] not in IMPACTS
        or cell[1] not in URGENCIES
        or priority not in PRIORITIES
    )


def resolve_priority(matrix, impact, urgency, default=None):
    """The priority for ``impact`` × ``urgency``; ``default`` if either is unset
    or the cell is missing (a matrix being edited must never block tickets)."""
    if not impact or not urgency:
        return default
    return matrix.get((impact, urgency), default)
