"""How the customer's SLA rows are named when a target comes back (a
resolution after each reopen): numbered in the order they started."""

from collections import Counter


def repeat_numbers(kinds):
    """For each kind of ``kinds`` (in the clocks' order), its number among
    the clocks of that kind (1, 2, ...) when the kind occurs more than
    once, else None: a single resolution needs no number."""
    totals = Counter(kinds)
    seen = Counter()
    numbers = []
    for kind in kinds:
        seen[kind] += 1
        numbers.append(seen[kind] if totals[kind] > 1 else None)
    return numbers


def ordinal_suffix(number):
    """The English ordinal suffix of ``number``: st, nd, rd or th
    (1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 112th)."""
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
