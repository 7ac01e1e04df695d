import logging
from dataclasses import replace

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import sentiment as sentiment_engine
from ..engine import triage
from .cs_triage_model import SENTIMENT_SELECTION

_logger = logging.getLogger(__name__)

LANGUAGE_SELECTION = [("zh", "Chinese"), ("en", "English"), ("mixed", "Chinese and English")]
# ticket field written by each predicted field
TARGETS = {"category": "category_id", "priority": "priority", "team": "team_id"}


class HelpdeskTicket(models.Model):
    """Intelligent triage: category, priority and team predicted on creation
    with their confidence; the customer's mood read from each message;
    emotion-aware routing and the VIP alarm."""

    _inherit = "helpdesk.ticket"

    cs_predicted_category_id = fields.Many2one(
        "helpdesk.ticket.category", string="Predicted Category", readonly=True, groups="base.group_user", copy=False)
    cs_predicted_category_confidence = fields.Float(string="Category Confidence", readonly=True, groups="base.group_user", copy=False,
                                                    digits=(3, 2))
    cs_predicted_priority = fields.Selection(
        selection=lambda self: self.env["helpdesk.ticket"]._fields["priority"].selection,
        string="Predicted Priority", readonly=True, groups="base.group_user", copy=False)
    cs_predicted_priority_confidence = fields.Float(string="Priority Confidence", readonly=True, groups="base.group_user", copy=False,
                                                    digits=(3, 2))
    cs_predicted_team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Predicted Team", readonly=True, groups="base.group_user", copy=False)
    cs_predicted_team_confidence = fields.Float(string="Team Confidence", readonly=True, groups="base.group_user", copy=False, digits=(3, 2))
    cs_triage_applied = fields.Char(
        string="Applied Predictions", readonly=True, groups="base.group_user", copy=False,
        help="Technical: the fields (category, priority, team) that triage set, comma-separated.")
    cs_triage_corrected = fields.Char(
        string="Corrected Predictions", readonly=True, groups="base.group_user", copy=False,
        help="Technical: the predicted fields an agent changed since; they weigh more in the next training.")
    cs_language = fields.Selection(LANGUAGE_SELECTION, string="Language", readonly=True, groups="base.group_user", copy=False)
    cs_sentiment = fields.Selection(SENTIMENT_SELECTION, string="Sentiment", readonly=True, groups="base.group_user", copy=False, index=True,
                                    help="Mood of the customer's latest message.")
    cs_sentiment_score = fields.Float(string="Sentiment Score", readonly=True, groups="base.group_user", copy=False, digits=(3, 2),
                                      help="Mood of the customer's latest message, from -1 (very negative) to 1.")
    cs_sentiment_trend = fields.Float(
        string="Sentiment Trend", readonly=True, groups="base.group_user", copy=False, digits=(3, 2),
        help="Latest score minus the previous one: below zero, the customer's mood is getting worse.")
    cs_sentiment_raised = fields.Boolean(
        string="Raised for Sentiment", readonly=True, groups="base.group_user", copy=False,
        help="Technical: a very negative message already raised this VIP ticket's priority once.")

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_triage_vals(vals_list)
        tickets = super().create(vals_list)
        tickets.sudo().filtered(lambda t: t.cs_sentiment == "very_negative")._cs_sentiment_alarm()
        return tickets

    @api.model
    def _cs_triage_vals(self, vals_list):
        """Language, sentiment of the first message (the description) and the
        predictions, written into ``vals_list`` before creation: one model
        call for the whole batch. Never stops a ticket from being created.
        Context ``cs_triage_off``: nothing (benchmarks); ``cs_no_triage``:
        language and sentiment only (loading historical tickets)."""
        if self.env.context.get("cs_triage_off"):
            return
        texts = [triage.ticket_text(vals.get("name"), vals.get("description")) for vals in vals_list]
        for vals, text in zip(vals_list, texts):
            if not triage.has_content(text):
                continue
            vals.setdefault("cs_language", sentiment_engine.language(text) or False)
            score = sentiment_engine.sentiment(triage.ticket_text(False, vals.get("description")))
            if triage.has_content(triage.ticket_text(False, vals.get("description"))):
                vals.setdefault("cs_sentiment_score", score)
                vals.setdefault("cs_sentiment", sentiment_engine.level(score))
        if self.env.context.get("cs_no_triage"):
            return
        try:
            loaded = self.env["cs.triage.model"]._cs_loaded()
        except Exception:  # noqa: BLE001 - triage is a help; the ticket comes first
            _logger.warning("Triage model unavailable, tickets created without predictions.", exc_info=True)
            return
        if not loaded:
            return
        record, model, enabled = loaded
        rows = [index for index, text in enumerate(texts) if triage.has_content(text)]
        if not rows:
            return
        try:
            predictions = model.predict([texts[index] for index in rows])
        except Exception:  # noqa: BLE001
            _logger.warning("Triage model %s failed to predict; tickets created without predictions.",
                            record.id, exc_info=True)
            return
        thresholds = self.env["cs.triage.model"]._cs_thresholds()
        valid = self._cs_valid_labels(predictions)
        for index, prediction in zip(rows, predictions):
            vals = vals_list[index]
            prediction = {field: value for field, value in prediction.items() if value[0] in valid[field]}
            for field, (label, confidence) in prediction.items():
                vals[f"cs_predicted_{TARGETS[field]}" if field != "priority" else "cs_predicted_priority"] = label
                vals[f"cs_predicted_{field}_confidence"] = confidence
            already_set = {field for field, target in TARGETS.items() if vals.get(target)}
            if "priority" not in already_set and ("cs_impact" in vals or "cs_urgency" in vals):
                already_set.add("priority")  # the customer graded it
            actions = triage.decide({f: v for f, v in prediction.items() if f in enabled}, thresholds, already_set)
            applied = [field for field, action in actions.items() if action == "apply"]
            for field in applied:
                vals[TARGETS[field]] = prediction[field][0]
            if applied:
                vals["cs_triage_applied"] = ",".join(applied)

    @api.model
    def _cs_valid_labels(self, predictions):
        """Labels that still exist: a model trained before a category or a
        team was deleted must not write a dangling id."""
        ids = {"category": set(), "team": set()}
        for prediction in predictions:
            for field in ids:
                if field in prediction:
                    ids[field].add(prediction[field][0])
        valid = {"category": set(), "team": set(),
                 "priority": {key for key, _label in self._fields["priority"].selection}}
        if ids["category"] or ids["team"]:
            self.env["helpdesk.ticket.category"].flush_model()
            self.env["helpdesk.ticket.team"].flush_model()
            self.env.cr.execute(SQL(
                """SELECT 'category', id FROM helpdesk_ticket_category WHERE id = ANY(%s)
                   UNION ALL SELECT 'team', id FROM helpdesk_ticket_team WHERE id = ANY(%s)""",
                list(ids["category"]), list(ids["team"]),
            ))
            for field, record_id in self.env.cr.fetchall():
                valid[field].add(record_id)
        return valid

    # ------------------------------------------------------------------
    # Corrections and one-click accept
    # ------------------------------------------------------------------

    def write(self, vals):
        changed = [field for field, target in TARGETS.items() if target in vals]
        if changed and not self.env.context.get("cs_triage_accept"):
            for ticket in self.filtered("cs_triage_applied"):
                applied = set(ticket.cs_triage_applied.split(","))
                corrected = set(filter(None, (ticket.cs_triage_corrected or "").split(",")))
                new = {f for f in changed if f in applied and ticket[TARGETS[f]] != ticket._cs_as_value(f, vals)}
                if new - corrected:
                    super(HelpdeskTicket, ticket).write({"cs_triage_corrected": ",".join(sorted(corrected | new))})
        return super().write(vals)

    def _cs_as_value(self, field, vals):
        value = vals[TARGETS[field]]
        if field == "priority":
            return value
        return self.env[self._fields[TARGETS[field]].comodel_name].browse(value or [])

    def _cs_accept(self, field):
        for ticket in self:
            label = ticket["cs_predicted_priority"] if field == "priority" else ticket[f"cs_predicted_{field}_id"]
            if not label:
                raise UserError(self.env._("There is no suggestion to accept."))
            applied = set(filter(None, (ticket.cs_triage_applied or "").split(",")))
            ticket.with_context(cs_triage_accept=True).write({
                TARGETS[field]: label if field == "priority" else label.id,
                "cs_triage_applied": ",".join(sorted(applied | {field})),
            })
        return True

    def action_cs_accept_category(self):
        return self._cs_accept("category")

    def action_cs_accept_priority(self):
        return self._cs_accept("priority")

    def action_cs_accept_team(self):
        return self._cs_accept("team")

    # ------------------------------------------------------------------
    # Sentiment of customer messages
    # ------------------------------------------------------------------

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        if self and self._cs_is_customer_message(message):
            self._cs_read_sentiment(message)
        return res

    def _cs_read_sentiment(self, message):
        text = triage.ticket_text(False, message.body)
        if not triage.has_content(text):
            return
        score = sentiment_engine.sentiment(text)
        message.sudo().cs_sentiment_score = score
        for ticket in self.sudo():
            previous = ticket.cs_sentiment_score if ticket.cs_sentiment else None
            ticket.write({
                "cs_sentiment_score": score,
                "cs_sentiment": sentiment_engine.level(score),
                "cs_sentiment_trend": round(score - previous, 4) if previous is not None else 0.0,
            })
        self.sudo().filtered(lambda t: t.cs_sentiment == "very_negative")._cs_sentiment_alarm()

    def _cs_sentiment_alarm(self):
        """A very negative message on a VIP ticket raises its priority once
        and tells the account's CSM (teams with emotion-aware routing)."""
        vip = self.env.ref("customer_success_sla.tier_vip", raise_if_not_found=False)
        if not vip:
            return
        for ticket in self.sudo().filtered(
                lambda t: t.cs_tier_id == vip and not t.cs_sentiment_raised and t.team_id.cs_emotion_routing):
            values = {"cs_sentiment_raised": True}
            if ticket.priority and ticket.priority < "3":
                values["priority"] = str(int(ticket.priority) + 1)
            ticket.write(values)
            csm = ticket.commercial_partner_id.cs_csm_user_id
            if csm:
                ticket.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Upset VIP customer"),
                    note=self.env._("%(account)s wrote a very negative message on this ticket: call them.",
                                    account=ticket.commercial_partner_id.display_name),
                    user_id=csm.id,
                )

    # ------------------------------------------------------------------
    # Emotion-aware routing
    # ------------------------------------------------------------------

    def _cs_need(self, min_levels):
        need = super()._cs_need(min_levels)
        if self.team_id.cs_emotion_routing and sentiment_engine.is_upset(self.cs_sentiment):
            need = replace(need, prefer_de_escalation=True)
        return need

    @api.model
    def _cs_agents(self, users):
        agents = super()._cs_agents(users)
        calming = self.env["cs.agent.skill"].sudo().search(
            [("user_id", "in", list(agents)), ("de_escalation", "=", True)]).user_id
        for user_id in calming.ids:
            agents[user_id].de_escalation = True
        return agents
