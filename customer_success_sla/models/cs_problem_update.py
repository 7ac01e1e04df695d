from odoo import api, fields, models


class CsProblemUpdate(models.Model):
    """A public update of a problem, as posted to its linked open tickets:
    one record per language it was written in (no language: the text for
    every customer without a translation)."""

    _name = "cs.problem.update"
    _description = "Problem Update"
    _order = "id desc"

    problem_id = fields.Many2one("cs.problem", required=True, ondelete="cascade", index=True)
    lang = fields.Selection(selection=lambda self: self.env["res.lang"].get_installed(), string="Language",
                            help="Empty: the text for the customers whose language has no translation.")
    body = fields.Html(required=True)
    user_id = fields.Many2one("res.users", string="Posted By", default=lambda self: self.env.user, readonly=True)
    ticket_count = fields.Integer(string="Tickets Reached", readonly=True)
    create_date = fields.Datetime(string="Posted On", readonly=True)

    @api.model
    def _cs_create(self, problem, body, translations):
        """The update's records: ``body`` and one per installed language of
        ``translations`` (language code → text). As superuser: agents post
        updates, they do not edit them afterwards."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        return self.sudo().create(
            [{"problem_id": problem.id, "body": body}]
            + [{"problem_id": problem.id, "lang": lang, "body": text}
               for lang, text in translations.items() if lang in installed]
        )
