from odoo import fields, models


class CsServiceNoticeDelivery(models.Model):
    """One mail of a notice to one contact: the unique key makes a retried or
    concurrent publication fail as a whole instead of mailing anyone twice."""

    _name = "cs.service.notice.delivery"
    _description = "Service Notice Delivery"
    _order = "id"

    notice_id = fields.Many2one("cs.service.notice", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    kind = fields.Selection([("publish", "Notice"), ("reminder", "Reminder")], required=True, default="publish")
    mail_id = fields.Many2one("mail.mail", ondelete="set null")
    lang = fields.Char()

    _notice_partner_kind_unique = models.Constraint(
        "UNIQUE(notice_id, partner_id, kind)", "This contact already received this notice.")
