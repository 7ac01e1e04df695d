"""Portal isolation matrix: every object kind × every door a portal user can
knock on, tried by the other company's contacts (and by a contact who is not
the company's main contact, or anonymously, where those are restricted too).
Every attempt must be denied; the number of attempts is logged."""

import base64
import logging
import re
from collections import Counter
from datetime import datetime, timedelta

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

_logger = logging.getLogger(__name__)

# Company C lets every contact see the company's tickets ("everyone"); A and B only their main contacts.
OTHER_COMPANY = ("a_main", "a_other", "c_other")
OWN_COMPANY = ("b_main", "b_other")
ANONYMOUS = ("anonymous",)


@tagged("post_install", "-at_install")
class TestPortalIsolation(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Partner = env["res.partner"]
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        tiers = {"a": env.ref("customer_success_sla.tier_core"), "b": env.ref("customer_success_sla.tier_vip"),
                 "c": env.ref("customer_success_sla.tier_standard")}
        cls.company, cls.partners, cls.logins, cls.own_tickets, cls.api_keys = {}, {}, {}, {}, {}
        for key, tier in tiers.items():
            company = Partner.create({
                "name": f"Isolation {key.upper()} Ltd", "is_company": True, "cs_tier_id": tier.id,
                "cs_portal_company_view": "everyone" if key == "c" else "admins",
            })
            cls.company[key] = company
            for role in ("main", "other"):
                contact = Partner.create({
                    "name": f"Isolation {key.upper()} {role}", "parent_id": company.id,
                    "email": f"{role}@{key}.isolation.example.com", "cs_admin_contact": role == "main",
                })
                login = f"cs_iso_{key}_{role}"
                user = new_test_user(env, login=login, password=login, groups="base.group_portal",
                                     partner_id=contact.id)
                cls.partners[f"{key}_{role}"] = contact
                cls.api_keys[f"{key}_{role}"] = env["res.users.apikeys"].with_user(user).sudo()._generate(
                    scope="rpc", name="isolation", expiration_date=datetime.now() + timedelta(days=1))
                cls.logins[f"{key}_{role}"] = login
                # Every attacker has a ticket and a file of their own: their tokens are tried on the victim's.
                ticket = cls._ticket(contact, f"ISO-OWN-{key}-{role}")
                attachment = cls._attachment(ticket, f"iso-own-{key}-{role}.txt", b"own file")
                cls.own_tickets[f"{key}_{role}"] = (ticket, attachment)

        # The victim: company B's main contact, and the account B.
        victim, account = cls.partners["b_main"], cls.company["b"]
        cls.ticket = cls._ticket(victim, "ISO-B-TICKET")
        cls.ticket_file = cls._attachment(cls.ticket, "iso-b-ticket-file.txt", b"ISO-B-TICKET-FILE")
        cls.reply_file = cls._attachment(cls.ticket, "iso-b-reply-file.txt", b"ISO-B-REPLY-FILE")
        cls.ticket.message_post(body="ISO-B-REPLY", message_type="comment", subtype_xmlid="mail.mt_comment",
                                attachment_ids=cls.reply_file.ids)
        cls.note_file = cls._attachment(cls.ticket, "iso-b-note-file.txt", b"ISO-B-NOTE-FILE")
        cls.ticket.message_post(body="ISO-B-NOTE", message_type="comment", subtype_xmlid="mail.mt_note",
                                attachment_ids=cls.note_file.ids)
        cls.clocks = cls.ticket.cs_sla_ids
        cls.rating_token = cls.ticket._rating_get_access_token(partner=victim)
        cls.rating = env["rating.rating"].search([("access_token", "=", cls.rating_token)])
        cls.rating.write({"feedback": "ISO-B-RATING"})
        survey = env.ref("customer_success_sla.survey_nps")
        cls.survey = survey
        cls.nps_answer = env["survey.user_input"].create(
            {"survey_id": survey.id, "partner_id": victim.id, "cs_account_id": account.id})
        cls.nps_answer._save_lines(env.ref("customer_success_sla.survey_nps_question_score"), "9")
        cls.nps_answer._save_lines(env.ref("customer_success_sla.survey_nps_question_reason"), "ISO-B-NPS")
        cls.nps_answer._mark_done()
        cls.follow_up = env["cs.voc.entry"].create(
            {"partner_id": account.id, "source": "nps", "score": 3, "comment": "ISO-B-VOC"})
        cls.follow_up.message_post(body="ISO-B-VOC", message_type="comment", subtype_xmlid="mail.mt_comment")
        cls.health_check = env["cs.health.check"].create({"partner_id": account.id, "score": 42, "status": "red"})
        cls.usage = env["cs.usage.snapshot"].create({"partner_id": account.id, "active_users": 3, "licensed_seats": 10})
        account.write({"cs_health_score": 42})
        Article = env["cs.knowledge.article"]
        article = {"body": "<p>ISO article body</p>", "portal_published": True}
        cls.articles = {
            "article, other tier": Article.create({**article, "name": "ISO-ART-VIP", "state": "published",
                                                  "tier_ids": [tiers["b"].id]}),
            "article, draft": Article.create({**article, "name": "ISO-ART-DRAFT", "state": "draft"}),
            "article, not on the portal": Article.create({**article, "name": "ISO-ART-INTERNAL", "state": "published",
                                                "portal_published": False}),
            "article, SOP": Article.create({**article, "name": "ISO-ART-SOP", "state": "published", "is_sop": True}),
            "article, archived": Article.create({**article, "name": "ISO-ART-ARCHIVED", "state": "published",
                                                "active": False}),
        }

    @classmethod
    def _ticket(cls, partner, name):
        return cls.env["helpdesk.ticket"].create({"name": name, "description": f"<p>{name}</p>",
                                                  "partner_id": partner.id})

    @classmethod
    def _attachment(cls, record, name, raw):
        attachment = cls.env["ir.attachment"].create({
            "name": name, "datas": base64.b64encode(raw), "res_model": record._name, "res_id": record.id,
        })
        attachment.generate_access_token()
        return attachment

    # -- requests --------------------------------------------------------------

    def _rpc(self, model, method, ids, kwargs, transport="call_kw"):
        """Call ``method`` through the web client's call_kw or the JSON-2 API (with the
        visitor's API key): (result, None) or (None, error)."""
        if transport == "JSON-2":
            response = self.url_open(f"/json/2/{model}/{method}", json={"ids": ids, **kwargs},
                                     headers={"Authorization": f"Bearer {self.api_key}"})
            if response.status_code != 200:
                return None, f"HTTP {response.status_code}"
            return response.json(), None
        response = self.url_open(f"/web/dataset/call_kw/{model}/{method}", json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"model": model, "method": method, "args": [ids] if ids else [], "kwargs": kwargs},
        })
        if response.status_code != 200:
            return None, f"HTTP {response.status_code}"
        body = response.json()
        if "error" in body:
            return None, body["error"]["data"]["name"]
        return body.get("result"), None

    def _jsonrpc(self, route, params):
        response = self.url_open(route, json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params})
        return response.status_code, response.text

    def _csrf(self):
        return http.Request.csrf_token(self)

    def _fresh(self, record):
        record.invalidate_recordset()
        return record.sudo()

    # -- doors: each returns (denied, detail) -----------------------------------

    def _page_hides(self, url, marker, **kw):
        page = self.url_open(url, **kw)
        return marker not in page.text, f"{url} answered {page.status_code} with {marker!r}"

    def _rpc_read(self, record, fields, transport="call_kw"):
        result, error = self._rpc(record._name, "read", record.ids, {"fields": fields}, transport)
        return bool(error) or not result, f"read gave {result}"

    def _rpc_search_read(self, record, fields, domain=None, transport="call_kw"):
        result, error = self._rpc(record._name, "search_read", [], {
            "domain": domain or [("id", "=", record.id)], "fields": fields}, transport)
        return bool(error) or record.id not in [row["id"] for row in result], f"search_read gave {result}"

    def _rpc_write(self, record, values, transport="call_kw"):
        before = self._fresh(record).read(list(values))[0]
        self._rpc(record._name, "write", record.ids, {"vals": values}, transport)
        after = self._fresh(record).read(list(values))[0]
        if before != after:  # put it back, so that the next attempts still prove something
            self._fresh(record).write({field: before[field] for field in values})
        return before == after, f"write changed {before} into {after}"

    def _rpc_unlink(self, record, transport="call_kw"):
        self._rpc(record._name, "unlink", record.ids, {}, transport)
        return bool(self._fresh(record).with_context(active_test=False).exists()), "record deleted"

    def _download_denied(self, attachment, token=None):
        url = f"/web/content/{attachment.id}?download=true" + (f"&access_token={token}" if token else "")
        response = self.url_open(url)
        raw = self._fresh(attachment).raw
        return response.content != raw, f"{url} served the file ({response.status_code})"

    def _thread_messages_hide(self, record, marker):
        status, text = self._jsonrpc("/mail/thread/messages", {"thread_model": record._name, "thread_id": record.id})
        return marker not in text, f"/mail/thread/messages ({status}) showed {marker!r}"

    def _thread_data_hides(self, record, *markers):
        status, text = self._jsonrpc("/mail/data", {"fetch_params": [["mail.thread", {
            "thread_model": record._name, "thread_id": record.id,
            "request_list": ["display_name"],
        }]]})
        shown = [marker for marker in markers if marker in text]
        return not shown, f"/mail/data ({status}) showed {shown}"

    def _message_post_denied(self, record):
        before = self._fresh(record).message_ids
        self._jsonrpc("/mail/message/post", {
            "thread_model": record._name, "thread_id": record.id,
            "post_data": {"body": "ISO intruder", "message_type": "comment", "subtype_xmlid": "mail.mt_comment"},
        })
        return self._fresh(record).message_ids == before, "a message was posted"

    def _upload_denied(self, record):
        Attachment = self.env["ir.attachment"].sudo()
        domain = [("res_model", "=", record._name), ("res_id", "=", record.id)]
        before = Attachment.search_count(domain)
        response = self.url_open("/mail/attachment/upload", data={
            "thread_id": record.id, "thread_model": record._name, "csrf_token": self._csrf(),
        }, files={"ufile": ("intruder.txt", b"intruder", "text/plain")})
        attached = Attachment.search_count(domain) - before
        return not attached, f"upload answered {response.status_code}: {response.text[:200]}"

    def _followers_kept(self, record, route, partner):
        before = self._fresh(record).message_partner_ids
        self._jsonrpc(route, {"res_model": record._name, "res_id": record.id, "partner_ids": partner.ids})
        after = self._fresh(record).message_partner_ids
        if before != after:
            self._fresh(record).message_partner_ids = before
        return before == after, f"{route}: followers {before.mapped('name')} -> {after.mapped('name')}"

    def _message_kept(self, message):
        before = self._fresh(message).body
        self._jsonrpc("/mail/message/update_content", {
            "message_id": message.id, "update_data": {"body": "ISO rewritten", "attachment_ids": []}})
        return self._fresh(message).body == before, f"message rewritten as {self._fresh(message).body}"

    def _attachment_kept(self, attachment, token):
        self._jsonrpc("/mail/attachment/delete", {"attachment_id": attachment.id, "access_token": token})
        return bool(self._fresh(attachment).exists()), "attachment deleted"

    def _not_filed_as(self, victim, subject):
        self.url_open("/submitted/ticket", data={
            "subject": subject, "description": "impersonation", "csrf_token": self._csrf(),
            "partner_id": victim.id, "partner_email": victim.email, "partner_name": victim.name,
            "commercial_partner_id": victim.commercial_partner_id.id,
        })
        filed = self.env["helpdesk.ticket"].sudo().search([("name", "=", subject)])
        visitor = self.env["res.users"].browse(self.session.uid).partner_id
        return all(ticket.partner_id == visitor for ticket in filed), f"ticket filed for {filed.partner_id.name}"

    def _stage_kept(self, ticket, request):
        before = self._fresh(ticket).stage_id
        request()
        after = self._fresh(ticket).stage_id
        if before != after:
            self._fresh(ticket).stage_id = before
        return before == after, f"stage moved from {before.name} to {after.name}"

    def _rating_kept(self, url, **kw):
        before = self._fresh(self.rating).read(["rating", "feedback", "consumed"])[0]
        response = self.url_open(url, **kw)
        after = self._fresh(self.rating).read(["rating", "feedback", "consumed"])[0]
        if before != after:
            self._fresh(self.rating).write({key: before[key] for key in ("rating", "feedback", "consumed")})
        revealed = "ISO-B-TICKET" in response.text or self.ticket.number in response.text
        return before == after and not revealed, \
            f"{url}: rating {before} -> {after}, ticket revealed: {revealed} ({response.status_code})"

    def _help_hides(self, url, article):
        text = self.url_open(url).text
        return not re.search(rf"/help/{article.id}(?!\d)", text), f"{url} listed article {article.id}"

    def _vote_refused(self, article):
        before = self._fresh(article).read(["helpful_count", "not_helpful_count"])[0]
        response = self.url_open(f"/help/{article.id}/vote", data={"helpful": "1", "csrf_token": self._csrf()})
        after = self._fresh(article).read(["helpful_count", "not_helpful_count"])[0]
        return before == after and article.name not in response.text, f"vote {before} -> {after}"

    # -- the matrix --------------------------------------------------------------

    def _record_doors(self, record, fields, values):
        return [door for transport in ("call_kw", "JSON-2") for door in [
            (f"{transport} read", lambda t=transport: self._rpc_read(record, fields, transport=t)),
            (f"{transport} search_read", lambda t=transport: self._rpc_search_read(record, fields, transport=t)),
            (f"{transport} write", lambda t=transport: self._rpc_write(record, values, transport=t)),
            (f"{transport} unlink", lambda t=transport: self._rpc_unlink(record, transport=t)),
        ]]

    def _thread_doors(self, record, marker):
        return [
            ("/mail/thread/messages", lambda: self._thread_messages_hide(record, marker)),
            ("/mail/data thread", lambda: self._thread_data_hides(record, record.display_name)),
            ("/mail/message/post", lambda: self._message_post_denied(record)),
            ("/mail/attachment/upload", lambda: self._upload_denied(record)),
            ("/mail/message/update_content", lambda: self._message_kept(record.message_ids.filtered(
                lambda m: marker in (m.body or ""))[:1])),
            ("POST /mail/thread/subscribe (self)", lambda: self._followers_kept(
                record, "/mail/thread/subscribe", self.env.user.browse(self.session.uid).partner_id)),
            ("POST /mail/thread/unsubscribe (a follower)", lambda: self._followers_kept(
                record, "/mail/thread/unsubscribe", record.message_partner_ids[:1])),
        ]

    def _cells(self, attacker):
        """(kind, door, check) for ``attacker``: reads first, then the doors that would change data."""
        ticket, own = self.ticket, self.own_tickets.get(attacker, (None, None))
        own_ticket, own_file = own
        cells = []
        if attacker not in ANONYMOUS + ("b_main",):
            cells += [("ticket", door, check) for door, check in [
                ("/my/ticket/<id>", lambda: self._page_hides(f"/my/ticket/{ticket.id}", "ISO-B-TICKET")),
                ("/my/ticket/<id> with own ticket token", lambda: self._page_hides(
                    f"/my/ticket/{ticket.id}?access_token={own_ticket._portal_ensure_token()}", "ISO-B-TICKET")),
                ("/my/tickets", lambda: self._page_hides("/my/tickets", "ISO-B-TICKET")),
                ("/my/tickets search", lambda: self._page_hides("/my/tickets?search=ISO-B&search_in=all",
                                                                "ISO-B-TICKET")),
                *self._record_doors(ticket, ["name", "description"], {"name": "ISO hijacked"}),
                *self._thread_doors(ticket, "ISO-B-REPLY"),
                ("GET /ticket/close", lambda: self._stage_kept(ticket, lambda: self.url_open(
                    f"/ticket/close?ticket_id={ticket.id}&stage_id={self.stage_done.id}"))),
                ("POST /my/ticket/<id>/solved", lambda: self._stage_kept(ticket, lambda: self.url_open(
                    f"/my/ticket/{ticket.id}/solved", data={"csrf_token": self._csrf()}))),
                ("POST /submitted/ticket as the other customer", lambda: self._not_filed_as(
                    self.partners["b_main"], f"ISO-IMPERSONATION-{attacker}")),
                ("/my/ticket/<id>/rate/5", lambda: (
                    "/rate/" not in self.url_open(f"/my/ticket/{ticket.id}/rate/5").url, "a rating token was issued")),
            ]]
            for kind, attachment in (("ticket attachment", self.ticket_file), ("reply attachment", self.reply_file),
                                     ("internal-note attachment", self.note_file)):
                cells += [(kind, door, check) for door, check in [
                    ("/web/content/<id>", lambda a=attachment: self._download_denied(a)),
                    ("/web/content/<id> with own file token",
                     lambda a=attachment: self._download_denied(a, own_file.access_token)),
                    ("/web/content/<id> with own ticket token",
                     lambda a=attachment: self._download_denied(a, own_ticket._portal_ensure_token())),
                    *self._record_doors(attachment, ["name", "datas"], {"name": "hijacked.txt"}),
                    ("/mail/attachment/delete with own file token",
                     lambda a=attachment: self._attachment_kept(a, own_file.access_token)),
                ]]
            cells += [("SLA row", door, check) for door, check in self._record_doors(
                self.clocks[:1], ["deadline", "status"], {"target_hours": 9999})]
            cells += [("SLA row", "call_kw search_read by ticket", lambda: self._rpc_search_read(
                self.clocks[:1], ["deadline"], [("ticket_id", "=", ticket.id)]))]
            cells += [("ticket", "call_kw search_read by customer", lambda: self._rpc_search_read(
                ticket, ["name"], [("partner_id", "=", self.partners["b_main"].id)]))]
            cells += [("rating", door, check) for door, check in
                      self._record_doors(self.rating, ["rating", "feedback"], {"feedback": "ISO hijacked"})]
            cells += [("NPS answer", door, check) for door, check in self._record_doors(
                self.nps_answer, ["cs_nps_score", "cs_nps_reason"], {"cs_nps_reason": "ISO hijacked"})]
            cells += [("NPS answer line", door, check) for door, check in self._record_doors(
                self.nps_answer.user_input_line_ids[:1], ["value_text_box", "value_char_box"],
                {"value_char_box": "ISO hijacked"})]
            cells += [("NPS answer", door, check) for door, check in [
                ("/survey/print/<survey>", lambda: self._page_hides(
                    f"/survey/print/{self.survey.access_token}", "ISO-B-NPS")),
                ("/survey/results/<survey>", lambda: self._page_hides(f"/survey/results/{self.survey.id}",
                                                                       "ISO-B-NPS")),
            ]]
        if attacker in OTHER_COMPANY:
            cells += [("rating", door, check) for door, check in [
                ("GET /rate/<token>/5 (forwarded)", lambda: self._rating_kept(f"/rate/{self.rating_token}/5")),
                ("POST /rate/<token>/submit_feedback (forwarded)", lambda: self._rating_kept(
                    f"/rate/{self.rating_token}/submit_feedback",
                    data={"rate": 1, "feedback": f"ISO sabotage by {attacker}", "csrf_token": self._csrf()})),
            ]]
        if attacker in ("b_main",) + ANONYMOUS:
            # The ticket's own customer, and anyone with the links he has: internal notes stay internal.
            note = self.note_file
            cells += [("internal-note attachment", door, check) for door, check in [
                ("/my/ticket/<id> lists it", lambda: self._page_hides(
                    f"/my/ticket/{ticket.id}?access_token={ticket._portal_ensure_token()}", note.name)),
                ("/web/content/<id>", lambda: self._download_denied(note)),
                ("/web/content/<id> with its token",
                 lambda: self._download_denied(note, self._fresh(note).access_token)),
            ]]
        if attacker == "b_main":
            cells.append(("internal note message", "/mail/thread/messages",
                          lambda: self._thread_messages_hide(ticket, "ISO-B-NOTE")))
        if attacker not in ANONYMOUS:
            # Account-level success data is internal, whoever the contact is.
            for kind, record, fields, values in (
                ("follow-up", self.follow_up, ["score", "comment"], {"comment": "ISO hijacked"}),
                ("health check", self.health_check, ["score", "status"], {"score": 100}),
                ("usage snapshot", self.usage, ["active_users", "licensed_seats"], {"active_users": 999}),
            ):
                cells += [(kind, door, check) for door, check in self._record_doors(record, fields, values)]
            cells += [("follow-up", door, check) for door, check in self._thread_doors(self.follow_up, "ISO-B-VOC")]
            health_fields = ["cs_health_score", "cs_health_status", "cs_risk_episode", "cs_nps", "cs_csat_avg"]
            account = self.company["b"]
            cells += [("account health fields", door, check) for transport in ("call_kw", "JSON-2")
                      for door, check in [
                          (f"{transport} read",
                           lambda t=transport: self._rpc_read(account, health_fields, transport=t)),
                          (f"{transport} search_read",
                           lambda t=transport: self._rpc_search_read(account, health_fields, transport=t)),
                          (f"{transport} write",
                           lambda t=transport: self._rpc_write(account, {"cs_health_score": 100}, transport=t)),
                      ]]
        for kind, article in self.articles.items():
            if kind == "article, other tier" and attacker in OWN_COMPANY:
                continue
            cells += [(kind, door, check) for door, check in [
                ("/help/<id>", lambda a=article: self._page_hides(f"/help/{a.id}", a.name)),
                ("/help search", lambda a=article: self._help_hides(f"/help?search={a.name}", a)),
                ("/help/suggest", lambda a=article: self._help_hides(f"/help/suggest?q={a.name}", a)),
                ("POST /help/<id>/vote", lambda a=article: self._vote_refused(a)),
            ]]
            # An archived article stays readable by those it was published for, as any archived record.
            if attacker not in ANONYMOUS and kind != "article, archived":
                cells += [(kind, door, check) for door, check in
                          self._record_doors(article, ["name", "body"], {"name": "ISO hijacked"})]
        changes = ("write", "unlink", "POST", "post", "upload", "update", "delete", "close", "rate/")
        reads = [cell for cell in cells if not any(word in cell[1] for word in changes)]
        return reads + [cell for cell in cells if cell not in reads]

    def test_portal_isolation_matrix(self):
        # Every kind is really there: an empty recordset would be "denied" for nothing.
        for record in (self.clocks, self.rating, self.nps_answer.user_input_line_ids, self.follow_up.message_ids,
                       self.health_check, self.usage):
            self.assertTrue(record, record)
        attempts, denied, kinds = 0, 0, Counter()
        for attacker in ("a_main", "a_other", "c_other", "b_other", "b_main", "anonymous"):
            if attacker in ANONYMOUS:
                self.authenticate(None, None)
            else:
                self.authenticate(self.logins[attacker], self.logins[attacker])
                self.api_key = self.api_keys[attacker]
            for kind, door, check in self._cells(attacker):
                attempts += 1
                kinds[kind] += 1
                with self.subTest(attacker=attacker, kind=kind, door=door):
                    ok, detail = check()
                    self.assertTrue(ok, f"{attacker} reached {kind} through {door}: {detail}")
                    denied += 1
        breakdown = ", ".join(f"{kind}: {count}" for kind, count in kinds.items())
        if attempts == denied:
            _logger.info("portal isolation: %s attempts, all denied (%s)", attempts, breakdown)
        else:
            _logger.info("portal isolation: %s attempts, %s NOT denied (%s)", attempts, attempts - denied, breakdown)
        self.assertGreater(attempts, 300)

    def test_doors_open_to_the_rightful_customer(self):
        """The same checks, by the ticket's own customer: each door works, so a denial above is real."""
        self.authenticate("cs_iso_b_main", "cs_iso_b_main")
        self.api_key = self.api_keys["b_main"]
        ticket, article = self.ticket, self.env["cs.knowledge.article"].create({
            "name": "ISO-ART-OPEN", "body": "<p>open</p>", "state": "published", "portal_published": True,
        })
        opened = {
            "/my/ticket/<id>": self._page_hides(f"/my/ticket/{ticket.id}", "ISO-B-TICKET"),
            "/my/tickets": self._page_hides("/my/tickets", "ISO-B-TICKET"),
            "/my/tickets search": self._page_hides("/my/tickets?search=ISO-B&search_in=all", "ISO-B-TICKET"),
            "/my/ticket/<id> with its token": self._page_hides(
                f"/my/ticket/{ticket.id}?access_token={ticket._portal_ensure_token()}", "ISO-B-TICKET"),
            "call_kw read": self._rpc_read(ticket, ["name"]),
            "call_kw search_read": self._rpc_search_read(ticket, ["name"]),
            "JSON-2 read": self._rpc_read(ticket, ["name"], transport="JSON-2"),
            "JSON-2 search_read": self._rpc_search_read(ticket, ["name"], transport="JSON-2"),
            "SLA row search_read": self._rpc_search_read(self.clocks[:1], ["deadline"]),
            "/web/content/<id> with its token": self._download_denied(self.ticket_file, self.ticket_file.access_token),
            "/web/content/<id> of a reply's file": self._download_denied(self.reply_file, self.reply_file.access_token),
            "/mail/thread/messages": self._thread_messages_hide(ticket, "ISO-B-REPLY"),
            "/mail/data thread": self._thread_data_hides(ticket, ticket.display_name),
            "/mail/message/post": self._message_post_denied(ticket),
            "/mail/attachment/upload": self._upload_denied(ticket),
            "/mail/message/update_content": self._message_kept(self._fresh(ticket).message_ids.filtered(
                lambda m: "ISO intruder" in (m.body or ""))[:1]),
            "/help/<id>": self._page_hides(f"/help/{article.id}", article.name),
            "/help search": self._help_hides(f"/help?search={article.name}", article),
            "/help/suggest": self._help_hides(f"/help/suggest?q={article.name}", article),
            "call_kw read article": self._rpc_read(article, ["name"]),
            "GET /rate/<token>/5": ("submit_feedback" not in self.url_open(f"/rate/{self.rating_token}/5").text, ""),
        }
        for door, (denied, detail) in opened.items():
            with self.subTest(door=door):
                self.assertFalse(denied, f"{door} is closed to the ticket's own customer, so its denials "
                                         f"prove nothing ({detail})")
