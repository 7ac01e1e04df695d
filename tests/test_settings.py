import pytest

from cs_engine.settings import NUMERIC_SETTINGS, parse_setting

REOPEN = "customer_success_sla.reopen_days"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0), ("7", 7), (" 30 ", 30), ("3650", 3650), (12, 12),
     ("-5", None), ("3651", None), ("100000000", None), ("abc", None), ("1.5", None), ("", None), (None, None)],
)
def test_reopen_days(value, expected):
    assert parse_setting(REOPEN, value) == expected


def test_every_numeric_setting_refuses_negative_values():
    for key in NUMERIC_SETTINGS:
        assert parse_setting(key, "-1") is None


def test_other_keys_pass_through():
    assert parse_setting("web.base.url", "http://x") == "http://x"
