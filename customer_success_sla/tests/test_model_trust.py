from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .sla_common import SlaCase, business_attendances


@tagged("post_install", "-at_install")
class TestSystemFields(SlaCase):
    """Clock and SLA figures change only through what happens on the ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env, login="cs_trust_admin", groups="base.group_system,customer_success_sla.group_cs_admin"
        )
        cls.ticket = cls._ticket(cls.contact_be)
        cls.rule = cls.env["cs.sla.escalation"].create(
            {"target_id": cls.policy_be.target_ids[:1].id, "trigger": "breach", "raise_priority": True})

    def test_agent_and_admin_cannot_fake_sla_figures(self):
        faked = {
            "cs_sla_status": "met",
            "cs_first_response_date": fields.Datetime.now(),
            "cs_reopen_count": 5,
            "cs_agent_reply_count": 1,
            "cs_tier_id": self.tier_cn.id,
            "cs_sla_policy_id": False,
            "cs_sla_deadline": False,
            "cs_sla_start_date": False,
            "cs_sla_met_count": 2,
            "cs_first_response_reached": True,
            "cs_rating_requested_closing": 3,
            "cs_customer_solved_date": fields.Datetime.now(),
            "cs_routed_user_id": self.agent.id,
            "cs_routed_date": fields.Datetime.now(),
            "cs_escalated_from_team_ids": [Command.set([])],
        }
        for user in (self.agent, self.admin):
            for fname, value in faked.items():
                with self.subTest(user=user.login, field=fname), self.assertRaises(UserError):
                    self.ticket.with_user(user).write({fname: value})
        self.assertEqual(self.ticket.cs_sla_status, "on_track")
        self.assertEqual(self.ticket.cs_tier_id, self.tier_be)
        self.assertFalse(self.ticket.cs_first_response_date)

    def test_agent_cannot_create_a_ticket_with_sla_figures(self):
        with self.assertRaises(UserError):
            self.Ticket.with_user(self.agent).create(
                {"name": "Fake", "description": "<p>x</p>", "partner_id": self.contact_be.id,
                 "cs_sla_status": "met", "cs_reopen_count": 0}
            )

    def test_clock_rows_are_system_records(self):
        clock = self._clock(self.ticket, "resolution")
        # UserError: AccessError included.
        for user in (self.agent, self.admin):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    clock.with_user(user).write({"status": "met"})
                with self.assertRaises(UserError):
                    clock.with_user(user).unlink()
                with self.assertRaises(UserError):
                    clock.with_user(user).copy()
                with self.assertRaises(UserError):
                    self.ticket.with_user(user).write({"cs_sla_ids": [Command.clear()]})
                with self.assertRaises(UserError):
                    self.env["cs.ticket.sla.escalation"].with_user(user).create(
                        {"clock_id": clock.id, "escalation_id": self.rule.id})
        self.assertEqual(clock.status, "running")

    def test_the_ticket_still_moves_its_clocks(self):
        ticket = self.ticket.with_user(self.agent)
        ticket.message_post(body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertTrue(ticket.cs_first_response_date)
        self.assertEqual(ticket.cs_agent_reply_count, 1)
        ticket.write({"stage_id": self.stage_done.id})
        ticket.write({"stage_id": self.stage_progress.id})
        self.assertEqual(ticket.cs_reopen_count, 1)
        copy = ticket.copy()
        self.assertEqual(copy.cs_tier_id, self.tier_be)
        self.assertTrue(copy.cs_sla_ids)
        # The tier follows the customer, not the agent.
        self.customer_be.cs_tier_id = self.tier_cn
        self.assertEqual(ticket.cs_tier_id, self.tier_cn)


@tagged("post_install", "-at_install")
class TestEscalationUsers(SlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resolution = cls.policy_be.target_ids.filtered(lambda t: t.kind == "resolution")
        cls.internal_only = new_test_user(cls.env, login="cs_internal_only", groups="base.group_user")

    def test_portal_and_non_helpdesk_users_refused(self):
        Escalation = self.env["cs.sla.escalation"]
        for user in (self.portal_be, self.internal_only):
            with self.subTest(user=user.login), self.assertRaises(ValidationError):
                Escalation.create({"target_id": self.resolution.id, "user_id": user.id})
            with self.subTest(user=user.login), self.assertRaises(ValidationError):
                Escalation.create({"target_id": self.resolution.id, "notify_user_ids": [Command.set(user.ids)]})
        rule = Escalation.create({"target_id": self.resolution.id, "user_id": self.agent.id,
                                  "notify_user_ids": [Command.set(self.csm_a.ids)]})
        with self.assertRaises(ValidationError):
            rule.notify_user_ids = [Command.link(self.portal_be.id)]

    def test_sweep_skips_users_who_lost_helpdesk_rights(self):
        self.env["cs.sla.escalation"].create({
            "target_id": self.resolution.id, "trigger": "breach", "user_id": self.agent.id,
            "notify_user_ids": [Command.set(self.csm_a.ids)],
        })
        with freeze_time("2026-03-30 07:00:00"):
            ticket = self._ticket(self.contact_be)
        ticket.user_id = False
        # Both leave the helpdesk after the rule was configured.
        (self.agent | self.csm_a).write({"group_ids": [Command.set(self.env.ref("base.group_user").ids)]})
        escalation_logger = "odoo.addons.customer_success_sla.models.cs_sla_escalation"
        with freeze_time("2026-03-30 13:00:00"), mute_logger(escalation_logger):
            self._sweep()
        self.assertNotEqual(ticket.user_id, self.agent)
        self.assertFalse(ticket.activity_ids.filtered(lambda a: a.user_id == self.csm_a))
        self.assertNotIn(self.csm_a.partner_id, ticket.message_partner_ids)
        self.assertTrue(ticket.message_ids.filtered(lambda m: "no longer" in (m.body or "")),
                        "the skipped users are reported on the ticket")


@tagged("post_install", "-at_install")
class TestConfigValidation(SlaCase):
    def test_priority_must_be_a_helpdesk_priority(self):
        cell = self.env.ref("customer_success_sla.priority_rule_user_low")
        with self.assertRaises(ValidationError):
            cell.priority = "9"
        with self.assertRaises(ValidationError):
            self.policy_be.priority = "9"

    def test_target_hours_within_one_year(self):
        target = self.policy_be.target_ids[:1]
        for hours in (1e12, 8761, float("nan"), float("inf"), 0, -1):
            with self.subTest(hours=hours), self.assertRaises(ValidationError):
                target.write({"hours": hours})
        with self.assertRaises(ValidationError):
            target.warning_percent = 150
        target.hours = 8760
        self.assertEqual(target.hours, 8760)

    def test_escalation_delay_within_one_year(self):
        target = self.policy_be.target_ids[:1]
        for delay in (1e12, 8761, -2):
            with self.subTest(delay=delay), self.assertRaises(ValidationError):
                self.env["cs.sla.escalation"].create(
                    {"target_id": target.id, "trigger": "after_breach", "delay_hours": delay})

    def test_health_check_interval_bounded(self):
        with self.assertRaises(ValidationError):
            self.tier_be.health_check_interval_days = 10**6

    def test_policy_without_targets_takes_no_ticket(self):
        self._policy("Empty on top", self.tier_be, sequence=0)
        ticket = self._ticket(self.contact_be)
        self.assertEqual(ticket.cs_sla_policy_id, self.policy_be, "a policy without targets is skipped")
        self.assertTrue(ticket.cs_sla_ids)

    def test_calendar_without_working_time_refused(self):
        empty = self.env["resource.calendar"].create({"name": "Never", "attendance_ids": [Command.clear()]})
        with self.assertRaises(ValidationError):
            self.tier_be.resource_calendar_id = empty
        with self.assertRaises(ValidationError):
            self.env["cs.tier"].create({"name": "Ghost", "code": "GHOST", "resource_calendar_id": empty.id})

    def test_calendar_emptied_later_falls_back_and_warns_once(self):
        admin = new_test_user(self.env, login="cs_cfg_admin", email="cfg.admin@example.com",
                              groups="customer_success_sla.group_cs_admin")
        self.brussels.attendance_ids.unlink()
        Mail = self.env["mail.mail"]
        before = Mail.search([("recipient_ids", "in", admin.partner_id.ids)])
        first = self._ticket(self.contact_be)
        second = self._ticket(self.contact_be)
        for ticket in first | second:
            self.assertTrue(all(ticket.cs_sla_ids.mapped("deadline")), "the company calendar gives a deadline")
            self.assertTrue(ticket.cs_sla_deadline)
        warnings = Mail.search([("recipient_ids", "in", admin.partner_id.ids)]) - before
        self.assertEqual(len(warnings), 1, "administrators are warned once")
        self.assertIn("Brussels office", warnings.body_html)

    def test_the_warning_reaches_each_administrator_in_their_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_success_sla"], ["zh_CN"], overwrite=True)
        admin_zh = new_test_user(self.env, login="cs_cfg_admin_zh", email="zh.admin@example.com",
                                 groups="customer_success_sla.group_cs_admin", lang="zh_CN")
        Mail = self.env["mail.mail"]
        before = Mail.search([("recipient_ids", "in", admin_zh.partner_id.ids)])
        self.brussels.attendance_ids.unlink()
        self._ticket(self.contact_be)
        warnings = Mail.search([("recipient_ids", "in", admin_zh.partner_id.ids)]) - before
        self.assertEqual(len(warnings), 1)
        self.assertIn("没有工作时段", warnings.subject)
        self.assertNotIn(admin_zh.partner_id, (Mail.search([]) - before - warnings).recipient_ids,
                         "the English mail goes to the others")

    def test_settings_form_refuses_negative_values(self):
        for fname in ("cs_reopen_days", "cs_portal_attachment_max_mb", "cs_onboarding_days", "cs_adoption_days"):
            with self.subTest(field=fname), self.assertRaises(ValidationError):
                self.env["res.config.settings"].create({fname: -5})

    def test_system_parameters_refuse_invalid_settings(self):
        params = self.env["ir.config_parameter"]
        for key, value in (("reopen_days", "-5"), ("reopen_days", "abc"), ("reopen_days", "100000000"),
                           ("portal_attachment_max_mb", "0"), ("adoption_days", "-1"),
                           ("min_level_l3", "guru")):
            with self.subTest(key=key, value=value), self.assertRaises(ValidationError):
                params.set_param(f"customer_success_sla.{key}", value)
        params.set_param("customer_success_sla.reopen_days", "0")
        self.assertEqual(params.get_param("customer_success_sla.reopen_days"), "0")

    def test_a_reopen_window_stored_out_of_bounds_reads_as_the_default(self):
        """A value saved before settings were checked is not taken as 0 days."""
        self.env.cr.execute(
            "UPDATE ir_config_parameter SET value = '-5' WHERE key = 'customer_success_sla.reopen_days'")
        if not self.env.cr.rowcount:
            self.env.cr.execute(
                "INSERT INTO ir_config_parameter (key, value) VALUES ('customer_success_sla.reopen_days', '-5')")
        self.env["ir.config_parameter"].invalidate_model()
        self.env.registry.clear_cache()
        self.assertEqual(self.env["helpdesk.ticket"]._cs_reopen_days(), 7)


    def test_a_file_size_limit_stored_out_of_bounds_reads_as_the_default(self):
        """100,000 MB saved before settings were checked does not lift the limit."""
        key = "customer_success_sla.portal_attachment_max_mb"
        self.env["ir.config_parameter"].sudo().set_param(key, "5")
        self.env.cr.execute("UPDATE ir_config_parameter SET value = '100000' WHERE key = %s", [key])
        self.env["ir.config_parameter"].invalidate_model()
        self.env.registry.clear_cache()
        error = self.env["helpdesk.ticket"]._cs_portal_attachment_error("dump.log", 11 * 1024 * 1024)
        self.assertIn("10 MB", error)

    def test_checked_fields_are_found_once_per_model(self):
        """Each create and write reads the checked fields from a cache, not
        by walking every field of the model."""
        Policy = self.env["cs.sla.policy"]
        walks = []

        class CountingFields(dict):
            def items(self):
                walks.append(1)
                return super().items()

        with patch.object(type(Policy), "_fields", CountingFields(Policy._fields)):
            checked = [Policy._cs_checked_fields() for _call in range(3)]
        self.assertLessEqual(len(walks), 1, "the fields are walked once at most")
        self.assertIn("sequence", checked[-1])
        self.assertNotIn("ticket_sla_count", checked[-1])

@tagged("post_install", "-at_install")
class TestApiErrors(HttpCase):
    """Bad values sent through JSON-RPC get a clear message, not a traceback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(cls.env, login="cs_api_agent", password="cs_api_agent",
                                  groups="customer_success_sla.group_cs_agent")
        cls.admin = new_test_user(cls.env, login="cs_api_admin", password="cs_api_admin",
                                  groups="base.group_system,customer_success_sla.group_cs_admin")
        cls.tier = cls.env["cs.tier"].create({"name": "API Tier", "code": "API"})
        cls.account = cls.env["res.partner"].create({"name": "API Account", "is_company": True,
                                                     "cs_tier_id": cls.tier.id})
        cls.policy = cls.env["cs.sla.policy"].create({
            "name": "API Policy", "sequence": 0, "tier_ids": [Command.set(cls.tier.ids)],
            "no_resolution_confirmed": True,
            "target_ids": [Command.create({"kind": "first_response", "hours": 8})],
        })
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {"name": "API", "description": "<p>x</p>", "partner_id": cls.account.id})
        cls.missing_id = 2**31 - 7

    def _call(self, model, method, args):
        """The JSON-RPC error of a call_kw, as the web client receives it."""
        with mute_logger("odoo.http"):
            response = self.opener.post(
                f"{self.base_url()}/web/dataset/call_kw/{model}/{method}",
                json={"id": 0, "jsonrpc": "2.0", "method": "call",
                      "params": {"model": model, "method": method, "args": args, "kwargs": {}}},
                timeout=30,
            )
        return response.json().get("error")

    def _assert_refused(self, model, method, args, expected_words):
        error = self._call(model, method, args)
        self.assertTrue(error, f"{model}.{method}{args} was accepted")
        data = error["data"]
        self.assertIn(data["name"], ("odoo.exceptions.ValidationError", "odoo.exceptions.UserError",
                                     "odoo.exceptions.AccessError"),
                      f"{model}.{method}{args}: {data['name']} {data['message']}")
        for word in expected_words:
            self.assertIn(word, data["message"])

    def test_invalid_selection_values(self):
        self.authenticate("cs_api_agent", "cs_api_agent")
        for fname in ("cs_impact", "cs_urgency", "cs_support_level"):
            with self.subTest(field=fname):
                self._assert_refused("helpdesk.ticket", "write", [[self.ticket.id], {fname: "bogus"}], ["bogus"])
        new_ticket = {"name": "x", "description": "<p>x</p>", "partner_id": self.account.id, "cs_impact": "planet"}
        self._assert_refused("helpdesk.ticket", "create", [[new_ticket]], ["planet"])

    def test_system_fields_through_rpc(self):
        self.authenticate("cs_api_agent", "cs_api_agent")
        self._assert_refused("helpdesk.ticket", "write",
                             [[self.ticket.id], {"cs_sla_status": "met", "cs_reopen_count": 0}],
                             ["SLA Status", "Reopened"])
        self._assert_refused("cs.ticket.sla", "unlink", [self.ticket.cs_sla_ids.ids], [])
        self.assertEqual(self.ticket.cs_sla_status, "on_track")
        self.assertEqual(len(self.ticket.cs_sla_ids), 1)

    def test_unknown_ids(self):
        self.authenticate("cs_api_admin", "cs_api_admin")
        missing = self.missing_id
        self._assert_refused("res.partner", "write", [[self.account.id], {"cs_tier_id": missing}], [str(missing)])
        self._assert_refused("cs.tier", "write", [[self.tier.id], {"resource_calendar_id": missing}], [str(missing)])
        self._assert_refused("cs.sla.policy", "write", [[self.policy.id], {"resource_calendar_id": missing}],
                             [str(missing)])
        self._assert_refused("cs.sla.policy", "write", [[self.policy.id], {"tier_ids": [[6, 0, [missing]]]}],
                             [str(missing)])
        self._assert_refused("cs.tier", "write", [[self.tier.id], {"team_id": "abc"}], ["abc"])

    def test_unlink_used_tier_and_calendar(self):
        self.authenticate("cs_api_admin", "cs_api_admin")
        self._assert_refused("cs.tier", "unlink", [[self.tier.id]], ["API Account", "API Policy"])
        calendar = self.env["resource.calendar"].create(
            {"name": "Used Hours", "attendance_ids": business_attendances()})
        self.tier.resource_calendar_id = calendar
        self._assert_refused("resource.calendar", "unlink", [[calendar.id]], ["API Tier"])
        self.assertTrue(self.tier.exists())
        self.assertEqual(self.account.cs_tier_id, self.tier)
