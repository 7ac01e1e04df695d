from odoo import api, fields, models

from ..engine import voice

NPS_ROLE_SELECTION = [("score", "NPS Score (0-10)"), ("reason", "NPS Reason")]
NPS_CATEGORY_SELECTION = [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")]


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    cs_is_nps = fields.Boolean(string="NPS Survey", help="Answers feed the accounts' Net Promoter Score.")


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    cs_nps_role = fields.Selection(NPS_ROLE_SELECTION, string="NPS Role")

    def _validate_scale(self, answer):
        """Survey checks only that a mandatory scale is answered: an answer
        must also be a whole number on the question's scale (an NPS of 11, -1
        or "abc" is refused like any other invalid answer, not saved)."""
        errors = super()._validate_scale(answer)
        if errors or answer in (None, False, ""):
            return errors
        try:
            value = int(str(answer).strip())
        except ValueError:
            value = None
        if value is None or not self.scale_min <= value <= self.scale_max:
            return {self.id: self.validation_error_msg or self.env._("The answer you entered is not valid.")}
        return {}


class SurveyUserInput(models.Model):
    """NPS answers: score, category and reason, per account."""

    _inherit = "survey.user_input"

    cs_account_id = fields.Many2one("res.partner", string="Account", index="btree_not_null", readonly=True)
    cs_nps_score = fields.Integer(string="NPS Score", readonly=True)
    cs_nps_category = fields.Selection(NPS_CATEGORY_SELECTION, string="NPS Category", readonly=True, index=True)
    cs_nps_reason = fields.Text(string="NPS Reason", readonly=True)

    def _mark_done(self):
        result = super()._mark_done()
        self.filtered(lambda answer: answer.survey_id.cs_is_nps)._cs_record_nps()
        return result

    def _cs_record_nps(self):
        """Read score and reason from the answer lines, then update the
        account and follow up detractors."""
        self = self.sudo()
        for answer in self:
            lines = answer.user_input_line_ids
            score_line = lines.filtered(lambda line: line.question_id.cs_nps_role == "score")[:1]
            reason_line = lines.filtered(lambda line: line.question_id.cs_nps_role == "reason")[:1]
            if not score_line:
                continue
            score = int(score_line.value_scale if score_line.answer_type == "scale" else score_line.value_numerical_box)
            answer.write({
                "cs_nps_score": score,
                "cs_nps_category": voice.nps_category(score),
                "cs_nps_reason": reason_line.value_text_box or reason_line.value_char_box or False,
                "cs_account_id": answer.cs_account_id.id or answer.partner_id.commercial_partner_id.id,
            })
        answered = self.filtered("cs_nps_category")
        answered.cs_account_id._cs_update_voice_metrics()
        unhappy = answered.filtered(lambda a: voice.is_unhappy("nps", a.cs_nps_score) and a.cs_account_id)
        self.env["cs.voc.entry"]._cs_open_for(
            [{"source": "nps", "score": a.cs_nps_score, "comment": a.cs_nps_reason,
              "partner_id": a.cs_account_id.id, "user_input_id": a.id} for a in unhappy]
        )

    @api.model
    def _cs_nps_domain(self, accounts, since):
        return [("cs_account_id", "in", accounts.ids), ("cs_nps_category", "!=", False),
                ("state", "=", "done"), ("end_datetime", ">=", since)]
