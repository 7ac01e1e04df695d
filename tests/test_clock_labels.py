from cs_engine import clock_labels as cl


def test_only_kinds_that_come_back_are_numbered():
    kinds = ["first_response", "resolution", "next_response", "resolution", "resolution"]
    assert cl.repeat_numbers(kinds) == [None, 1, None, 2, 3]
    assert cl.repeat_numbers(["first_response", "resolution"]) == [None, None]
    assert cl.repeat_numbers([]) == []


def test_english_ordinal_suffixes():
    expected = {1: "st", 2: "nd", 3: "rd", 4: "th", 10: "th", 11: "th", 12: "th", 13: "th",
                21: "st", 22: "nd", 23: "rd", 101: "st", 111: "th", 112: "th"}
    assert {number: cl.ordinal_suffix(number) for number in expected} == expected
