from odoo import fields, models


class CsProblemUpdateWizardLine(models.TransientModel):
    """One language's text of the update."""

    _name = "cs.problem.update.wizard.line"
    _description = "Problem Update Translation"

    wizard_id = fields.Many2one("cs.problem.update.wizard", required=True, ondelete="cascade")
    lang = fields.Selection(selection=lambda self: self.env["res.lang"].get_installed(), string="Language",
                            required=True)
    body = fields.Html(string="Translated Update", required=True)
