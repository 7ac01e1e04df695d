from datetime import datetime
from unittest.mock import patch

from odoo import Command
from odoo.tests import new_test_user

from .common import CustomerSuccessCase


def business_attendances():
    return [
        Command.create({"name": f"{day} {start}", "dayofweek": str(day), "hour_from": start,
                        "hour_to": stop, "day_period": "morning" if start < 12 else "afternoon"})
        for day in range(5)
        for start, stop in ((9, 12), (13, 18))
    ]


class SlaCase(CustomerSuccessCase):
    """A dedicated tier per test calendar, with one policy each, so that the
    shipped policies never interfere."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cs.sla.policy"].search([]).active = False
        cls.Policy = cls.env["cs.sla.policy"]
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_awaiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.brussels = cls.env["resource.calendar"].create(
            {"name": "Brussels office", "tz": "Europe/Brussels", "attendance_ids": business_attendances()}
        )
        cls.shanghai = cls.env["resource.calendar"].create(
            {"name": "Shanghai office", "tz": "Asia/Shanghai", "attendance_ids": business_attendances()}
        )
        cls.tier_be = cls.env["cs.tier"].create(
            {"name": "Belgium", "code": "T_BE", "resource_calendar_id": cls.brussels.id}
        )
        cls.tier_cn = cls.env["cs.tier"].create(
            {"name": "China", "code": "T_CN", "resource_calendar_id": cls.shanghai.id}
        )
        cls.policy_be = cls._policy("Belgium", cls.tier_be, first_response=1, resolution=4, next_response=2)
        cls.policy_cn = cls._policy("China", cls.tier_cn, first_response=1, resolution=4)
        cls.customer_be = cls._company("Brussels Customer", cs_tier_id=cls.tier_be.id)
        cls.customer_cn = cls._company("上海客户", cs_tier_id=cls.tier_cn.id)
        cls.contact_be = cls.Partner.create({"name": "Bea", "parent_id": cls.customer_be.id, "email": "bea@be.example.com"})
        cls.portal_be = new_test_user(
            cls.env, login="cs_portal_be", groups="base.group_portal", partner_id=cls.contact_be.id
        )
        cls.agent.group_ids |= cls.env.ref("helpdesk_mgmt.group_helpdesk_user")

    @classmethod
    def _policy(cls, name, tier, priority=False, sequence=10, **hours):
        return cls.env["cs.sla.policy"].create(
            {
                "name": name,
                "sequence": sequence,
                "tier_ids": [Command.set(tier.ids)],
                "priority": priority,
                "pause_stage_ids": [Command.set(cls.stage_awaiting.ids)],
                # a test policy without resolution target is meant so
                "no_resolution_confirmed": "resolution" not in hours,
                "target_ids": [
                    Command.create({"kind": kind, "hours": value, "warning_percent": 50})
                    for kind, value in hours.items()
                ],
            }
        )

    def _clock(self, ticket, kind, status=None):
        clocks = ticket.cs_sla_ids.filtered(lambda c: c.kind == kind)
        if status:
            clocks = clocks.filtered(lambda c: c.status == status)
        return clocks.sorted("id")[-1:] if clocks else clocks

    def _sweep(self):
        with patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.env["cs.ticket.sla"]._cron_check_sla()

    @staticmethod
    def utc(*args):
        return datetime(*args)
