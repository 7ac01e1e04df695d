from unittest.mock import patch

from .common import CustomerSuccessCase


class HealthCase(CustomerSuccessCase):
    """A tier with a small, hand-checkable health profile: CSAT (60) and
    open urgent tickets (40), thresholds 40 / 70, drop alert 15 points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Check = cls.env["cs.health.check"]
        cls.profile = cls._profile("Test profile", [("csat", 60, 5, 1), ("urgent_open", 40, 0, 4)])
        cls.tier = cls.env["cs.tier"].create({
            "name": "Health tier", "code": "HEALTHTEST", "health_check_interval_days": 30,
            "health_profile_id": cls.profile.id, "service_report_frequency": "monthly",
        })
        cls.account = cls._company("Acme Health", cs_tier_id=cls.tier.id, cs_csm_user_id=cls.csm_a.id,
                                   cs_lifecycle_stage="mature", email="it@acme.example.com")

    @classmethod
    def _profile(cls, name, lines, **values):
        return cls.env["cs.health.profile"].create({
            "name": name,
            "line_ids": [(0, 0, {"signal": signal, "weight": weight, "good_value": good, "bad_value": bad})
                         for signal, weight, good, bad in lines],
            **values,
        })

    def _set_csat(self, account, csat):
        account.write({"cs_csat_avg": csat})

    def _run_cron(self, method="_cron_check_health", **kwargs):
        # The cron commits each batch; inside a test the commit stays a flush.
        with patch.object(self.env.cr, "commit", self.env.cr.flush):
            getattr(self.Partner, method)(**kwargs)

    def _checks(self, account=None):
        return self.Check.search([("partner_id", "=", (account or self.account).id)], order="date")
