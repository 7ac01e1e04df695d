"""Service notices and the status page: states, reminders, component states.

Plain data in, plain data out: datetimes are naive UTC as Odoo stores them.
"""

from datetime import timedelta

OPEN_STATES = ("scheduled", "in_progress")
# worst first: a component shows the worst state that applies to it
COMPONENT_STATES = ("outage", "degraded", "maintenance", "operational")


def notice_state(state, date_start, date_end, now):
    """The state a notice should be in at ``now``: scheduled notices start at
    their start and every open notice completes at its end; cancelled and
    completed notices never move."""
    if state not in OPEN_STATES:
        return state
    if date_end and now >= date_end:
        return "completed"
    if date_start and now >= date_start:
        return "in_progress"
    return state


def reminder_date(date_start, minutes):
    """When the reminder of a window starting at ``date_start`` is due."""
    if not date_start:
        return None
    return date_start - timedelta(minutes=max(minutes or 0, 0))


def reminder_due(kind, state, published, sent, date_start, minutes, now):
    """Whether a reminder goes out now: published maintenance still ahead,
    within its reminder lead time, not reminded yet."""
    if kind != "maintenance" or state != "scheduled" or not published or sent or not date_start:
        return False
    return reminder_date(date_start, minutes) <= now < date_start


def worst_state(states):
    """The worst of ``states`` (``operational`` when there is none)."""
    found = set(states)
    for state in COMPONENT_STATES:
        if state in found:
            return state
    return "operational"


def component_states(component_ids, maintenance_component_ids, overrides=None):
    """{component id: state}. Components named by an in-progress maintenance
    are under maintenance; ``overrides`` ({id: state}, e.g. from open major
    problems) win when worse."""
    overrides = overrides or {}
    maintenance = set(maintenance_component_ids)
    result = {}
    for component_id in component_ids:
        states = ["maintenance"] if component_id in maintenance else []
        if component_id in overrides:
            states.append(overrides[component_id])
        result[component_id] = worst_state(states)
    return result


def group_by_language(recipients, default_lang):
    """[(lang, [recipient, ...]), ...] from ``(lang, recipient)`` pairs, in
    first-seen order: one rendering per language."""
    groups = {}
    for lang, recipient in recipients:
        groups.setdefault(lang or default_lang, []).append(recipient)
    return list(groups.items())
