from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

from ..engine import voice

SOURCE_SELECTION = [("csat", "CSAT"), ("nps", "NPS")]


class CsVocEntry(models.Model):
    """Voice of the customer: an unhappy answer and its follow-up by the
    account's CSM, from opening to recorded outcome."""

    _name = "cs.voc.entry"
    _description = "Customer Feedback Follow-up"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state desc, create_date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Account", required=True, index=True, ondelete="cascade")
    cs_tier_id = fields.Many2one(related="partner_id.cs_tier_id", store=True, string="Customer Tier")
    csm_user_id = fields.Many2one("res.users", string="Customer Success Manager", tracking=True, index=True)
    source = fields.Selection(SOURCE_SELECTION, required=True)
    score = fields.Integer(required=True)
    comment = fields.Text()
    ticket_id = fields.Many2one("helpdesk.ticket", ondelete="set null", index="btree_not_null")
    rating_id = fields.Many2one("rating.rating", ondelete="set null", index="btree_not_null")
    user_input_id = fields.Many2one("survey.user_input", string="Survey Answer", ondelete="set null",
                                    index="btree_not_null")
    reason_ids = fields.Many2many("cs.voc.reason", string="Reasons")
    state = fields.Selection([("open", "Open"), ("done", "Closed")], default="open", required=True,
                             tracking=True, index=True)
    outcome = fields.Text(tracking=True, help="What was done and how the customer feels now.")
    date_closed = fields.Datetime(readonly=True)
    age_days = fields.Integer(string="Age (days)", compute="_compute_age_days")

    _rating_unique = models.Constraint("UNIQUE(rating_id)", "A rating has one follow-up.")
    _user_input_unique = models.Constraint("UNIQUE(user_input_id)", "A survey answer has one follow-up.")

    @api.depends("create_date", "date_closed")
    def _compute_age_days(self):
        now = fields.Datetime.now()
        for entry in self:
            end = entry.date_closed or now
            entry.age_days = (end - (entry.create_date or now)).days

    @api.model
    def _cs_open_for(self, vals_list):
        """Open one follow-up per unhappy answer (a rating or survey answer
        already followed up is skipped), with an activity for the account's
        CSM due within one working day of the account tier's calendar."""
        existing_ratings = set(self.search([("rating_id", "in", [v.get("rating_id") for v in vals_list if v.get("rating_id")])]).rating_id.ids)
        existing_inputs = set(self.search([("user_input_id", "in", [v.get("user_input_id") for v in vals_list if v.get("user_input_id")])]).user_input_id.ids)
        new_vals = [
            vals for vals in vals_list
            if vals.get("rating_id") not in existing_ratings and vals.get("user_input_id") not in existing_inputs
            and not (vals.get("rating_id") is None and vals.get("user_input_id") is None)
        ]
        partners = self.env["res.partner"].browse([vals["partner_id"] for vals in new_vals])
        for vals, partner in zip(new_vals, partners):
            vals["csm_user_id"] = partner.cs_csm_user_id.id
        entries = self.create(new_vals)
        entries._cs_schedule_follow_up()
        return entries

    def _cs_schedule_follow_up(self):
        now = fields.Datetime.now()
        Calendar = self.env["resource.calendar"]
        calendars = [
            entry.partner_id._cs_support_calendar() or self.env.company.resource_calendar_id
            for entry in self
        ]
        due = Calendar._cs_add_working_hours_batch(
            [(calendar, now, calendar.hours_per_day or 8.0) for calendar in calendars]
        )
        sources = dict(self._fields["source"]._description_selection(self.env))
        for entry, calendar, deadline in zip(self, calendars, due):
            local_deadline = fields.Datetime.context_timestamp(
                entry.with_context(tz=calendar.tz or "UTC"), deadline or now + timedelta(days=1)
            )
            entry.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=local_deadline.date(),
                summary=self.env._("Unhappy customer: %(origin)s %(score)s", origin=sources[entry.source],
                                   score=entry.score),
                note=Markup("<p>%s</p>") % (entry.comment or self.env._("No comment.")),
                user_id=(entry.csm_user_id or self.env.user).id,
            )

    def action_close(self):
        self.write({"state": "done", "date_closed": fields.Datetime.now()})
        self.activity_ids.action_feedback(feedback=self.env._("Follow-up closed"))

    def action_reopen(self):
        self.write({"state": "open", "date_closed": False})
