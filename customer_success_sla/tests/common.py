from unittest.mock import patch

from odoo.tests import TransactionCase, new_test_user


def send_acknowledgements(env):
    """Run the scheduled action that sends the queued acknowledgements, its
    commits turned into flushes (a test keeps its one transaction)."""
    with patch.object(env.cr, "commit", env.cr.flush):
        env["cs.ticket.acknowledgement"]._cron_send()


class CustomerSuccessCase(TransactionCase):
    """Shared records: the shipped tiers, two CSMs, an agent and a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_vip = cls.env.ref("customer_success_sla.tier_vip")
        cls.tier_core = cls.env.ref("customer_success_sla.tier_core")
        cls.tier_standard = cls.env.ref("customer_success_sla.tier_standard")
        # Demo CSMs must not change the outcome of load-balancing tests.
        cls.env.ref("customer_success_sla.group_cs_manager").user_ids.filtered(
            lambda user: not user.share
        ).write({"active": False})
        cls.csm_a = new_test_user(
            cls.env, login="cs_csm_a", name="CSM A", groups="customer_success_sla.group_cs_manager"
        )
        cls.csm_b = new_test_user(
            cls.env, login="cs_csm_b", name="CSM B", groups="customer_success_sla.group_cs_manager"
        )
        cls.agent = new_test_user(
            cls.env, login="cs_agent", name="Agent", groups="customer_success_sla.group_cs_agent"
        )
        cls.Partner = cls.env["res.partner"]
        cls.Ticket = cls.env["helpdesk.ticket"]

    @classmethod
    def _company(cls, name, **values):
        return cls.Partner.create({"name": name, "is_company": True, **values})

    @classmethod
    def _ticket(cls, partner, **values):
        return cls.Ticket.create(
            {"name": "Issue", "description": "<p>Something broke</p>", "partner_id": partner.id, **values}
        )
