"""Bounds of the addon's numeric settings, stored as system parameters."""

# key: (smallest, largest) whole value. Bounded above too: a reopen window
# of 10⁹ days overflows the date arithmetic that reads it.
NUMERIC_SETTINGS = {
    "customer_success_sla.reopen_days": (0, 3650),
    "customer_success_sla.portal_attachment_max_mb": (1, 1024),
    "customer_success_sla.onboarding_days": (1, 3650),
    "customer_success_sla.adoption_days": (1, 3650),
}


def parse_setting(key, value):
    """The whole number that ``value`` gives setting ``key``, or None when it
    is not a whole number within the setting's bounds. Keys that are not
    numeric settings of this addon give their value back unchanged."""
    if key not in NUMERIC_SETTINGS:
        return value
    low, high = NUMERIC_SETTINGS[key]
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if low <= number <= high else None


# The problem detection's thresholds are numeric settings too.
from .problem_detection import DETECTION_SETTINGS  # noqa: E402

NUMERIC_SETTINGS.update(DETECTION_SETTINGS)
