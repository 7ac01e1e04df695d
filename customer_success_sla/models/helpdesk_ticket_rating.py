from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.rating.models import rating_data
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import float_round

from ..engine import voice


class HelpdeskTicket(models.Model):
    """CSAT on OCA helpdesk_mgmt_rating: one request per closing, never for
    duplicates, 1–5 scores, and unhappy ratings start the recovery loop."""

    _inherit = "helpdesk.ticket"

    cs_rating_requested_closing = fields.Integer(
        string="Rating Requested for Closing", readonly=True, copy=False,
        help="The closing (1 = first, 2 = after one reopen…) for which a rating was requested.",
    )

    @api.depends("rating_ids.rating")
    def _compute_percentage(self):
        """helpdesk_mgmt_rating's share of great ratings, read in one query
        for the batch: its own compute reads the grades ticket by ticket,
        one query for each ticket created."""
        tickets = self.filtered("id")
        grades = defaultdict(lambda: dict.fromkeys(["great", "okay", "bad"], 0))
        if tickets.ids:
            rows = self.env["rating.rating"]._read_group(
                tickets._rating_domain() & Domain("rating", ">=", 1), ["res_id", "rating"], ["__count"],
            )
            for res_id, rating, count in rows:
                grades[res_id][rating_data._rating_to_grade(float_round(rating, precision_digits=1))] += count
        for ticket in self:
            counts = grades[ticket.id]
            total = sum(counts.values())
            ticket.positive_rate_percentage = counts["great"] * 100 / total if total else -1

    def _send_ticket_rating_mail(self, force_send=False):
        to_request = self.filtered(
            lambda t: t.stage_id.closed
            and not t.duplicate_id
            and (not t.team_id or t.team_id.cs_rating_enabled)
            and t.cs_rating_requested_closing != t.cs_reopen_count + 1
        )
        result = super(HelpdeskTicket, to_request)._send_ticket_rating_mail(force_send=force_send)
        for ticket in to_request:
            ticket.sudo().cs_rating_requested_closing = ticket.cs_reopen_count + 1
        return result

    def rating_apply(self, rate, token=None, rating=None, feedback=None, subtype_xmlid=None, notify_delay_send=False):
        try:
            voice.check_csat(rate)
        except voice.ScoreOutOfScale as error:
            raise ValidationError(
                self.env._("A satisfaction score goes from 1 (unhappy) to 5 (very happy); %(rate)s is not one.",
                           rate=rate)
            ) from error
        rating = super().rating_apply(
            rate, token=token, rating=rating, feedback=feedback,
            subtype_xmlid=subtype_xmlid, notify_delay_send=notify_delay_send,
        )
        self._cs_on_rating(rating)
        return rating

    def _cs_on_rating(self, rating):
        """A rating arrived (or changed): account CSAT now, recovery if unhappy."""
        self = self.sudo()
        accounts = self.commercial_partner_id
        accounts._cs_update_voice_metrics()
        if voice.is_unhappy("csat", rating.rating):
            self.env["cs.voc.entry"]._cs_open_for(
                [{"source": "csat", "score": rating.rating, "comment": rating.feedback,
                  "partner_id": ticket.commercial_partner_id.id, "ticket_id": ticket.id,
                  "rating_id": rating.id} for ticket in self]
            )

    @api.model
    def _rating_get_parent_field_name(self):
        return "team_id"
