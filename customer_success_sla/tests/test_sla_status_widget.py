import re

from odoo.tests import HttpCase, tagged

from odoo.addons.web.tests.test_js import unit_test_error_checker

SUITE = "@customer_success_sla"


def hoot_job_hash(descriptor):
    """HOOT's id of a suite or test (as web.tests.test_js.HOOTCommon computes it)."""
    value = 0
    for char in descriptor:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


@tagged("post_install", "-at_install")
class TestSlaStatusWidgetJs(HttpCase):
    """The SLA badge's client-side countdown (static/tests/sla_status_field.test.js)."""

    def test_sla_status_field_hoot_suite(self):
        with self.assertLogs(__name__, level="INFO") as logs:
            self.browser_js(
                f"/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&id={hoot_job_hash(SUITE)}",
                "", "", login="admin", timeout=900,
                success_signal="[HOOT] Test suite succeeded", error_checker=unit_test_error_checker,
            )
        # an empty suite "succeeds" too: the addon's tests must have run
        self.assertTrue(any(re.search(r"\[HOOT\] Passed [1-9]\d* tests", line) for line in logs.output),
                        "no test of the addon's HOOT suite ran")
