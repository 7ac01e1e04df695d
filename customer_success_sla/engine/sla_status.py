"""A ticket's overall SLA status from the states of its clocks."""

RUNNING = ("running", "paused")


def ticket_sla_status(clocks):
    """``clocks``: iterable of (status, warning) pairs.

    breached if any clock is breached; paused when every open clock is
    paused (the ticket waits on the customer: nothing counts down, whatever
    warning was reached before); at_risk if a running or paused clock has
    passed its warning threshold; on_track if any clock still runs; met when
    every clock is met; none without clocks.
    """
    clocks = list(clocks)
    if not clocks:
        return "none"
    statuses = {status for status, _warning in clocks}
    if "breached" in statuses:
        return "breached"
    if "paused" in statuses and "running" not in statuses:
        return "paused"
    if any(status in RUNNING and warning for status, warning in clocks):
        return "at_risk"
    if statuses & set(RUNNING):
        return "on_track"
    return "met"


def reached_status(deadline, reached_date, current_status):
    """Status of a clock whose target is reached at ``reached_date``: a clock
    already breached stays breached; reaching after the deadline is a breach."""
    if current_status == "breached" or (deadline and reached_date > deadline):
        return "breached"
    return "met"
