from cs_engine.sla_levels import CUSTOMER_KINDS, clock_key, is_customer_kind, level_key, target_error


def test_clock_keys_tell_levels_apart():
    assert clock_key("first_response", False) == "first_response"
    assert clock_key("level_response", "l2") == level_key("l2") != level_key("l3")


def test_valid_targets():
    assert target_error("level_response", "l1", 1) is None
    assert target_error("resolution", False, 4) is None
    assert target_error("periodic_update", False, 0.083333) is None
    assert target_error("periodic_update", None, 0.5) is None


def test_bad_targets():
    assert target_error("level_response", False, 1) == "level_missing"
    assert target_error("first_response", "l2", 1) == "level_not_allowed"
    assert target_error("periodic_update", False, 0.05) == "periodic_too_short"


def test_level_engagement_is_no_customer_promise():
    assert not is_customer_kind("level_response")
    assert all(is_customer_kind(kind) for kind in ("first_response", "next_response", "resolution", "periodic_update"))
    assert "level_response" not in CUSTOMER_KINDS
