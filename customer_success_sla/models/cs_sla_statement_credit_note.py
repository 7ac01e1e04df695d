from odoo import fields, models
from odoo.exceptions import UserError


class CsSlaStatement(models.Model):
    """A statement's credit as a draft customer credit note, when Odoo
    Invoicing (``account``) is installed; the addon does not depend on it.

    The link is found, not stored: the credit note of a statement is the
    customer credit note of its account whose origin is the statement's
    name, so the issued statement itself is never written again.
    """

    _inherit = "cs.sla.statement"

    cs_invoicing_installed = fields.Boolean(compute="_compute_cs_credit_note", groups="base.group_user")
    cs_credit_note_move_id = fields.Integer(
        string="Credit Note", compute="_compute_cs_credit_note", groups="base.group_user",
        help="The customer credit note (journal entry id) made from the credit, if any.")

    def _cs_credit_note_domain(self):
        return [("move_type", "=", "out_refund"), ("partner_id", "in", self.partner_id.ids),
                ("invoice_origin", "in", self.mapped("name"))]

    def _compute_cs_credit_note(self):
        installed = "account.move" in self.env
        notes = {}
        if installed and self.ids:
            # one query for all statements shown; read as superuser: the link
            # matters to users without Invoicing rights too
            moves = self.env["account.move"].sudo().search(self._cs_credit_note_domain(), order="id")
            for move in moves:
                notes.setdefault((move.partner_id.id, move.invoice_origin), move.id)
        for statement in self:
            statement.cs_invoicing_installed = installed
            statement.cs_credit_note_move_id = notes.get((statement.partner_id.id, statement.name), 0)

    def action_cs_create_credit_note(self):
        """Create the draft credit note of the statement's credit (once) and open it."""
        self.ensure_one()
        self._cs_check_issuer()
        if "account.move" not in self.env:
            raise UserError(self.env._("Install Invoicing to turn credits into credit notes."))
        if self.credit_amount <= 0:
            raise UserError(self.env._("Statement %(name)s has no credit to turn into a credit note.",
                                       name=self.name))
        # serialise concurrent clicks: the second one finds the first one's note
        self.sudo().lock_for_update(allow_referencing=True)
        self.invalidate_recordset(["cs_credit_note_move_id"])
        move_id = self.cs_credit_note_move_id
        if not move_id:
            # a draft for accounting to review, created by the addon for a
            # customer success manager who may hold no Invoicing rights
            move_id = self.env["account.move"].sudo().create({
                "move_type": "out_refund",
                "partner_id": self.partner_id.id,
                "currency_id": self.currency_id.id,
                "ref": self.name,
                "invoice_origin": self.name,
                "invoice_line_ids": [fields.Command.create({
                    "name": self.env._("SLA credit %(month)s", month=f"{self.month:%Y-%m}"),
                    "quantity": 1,
                    "price_unit": self.credit_amount,
                    "tax_ids": [fields.Command.clear()],
                })],
            }).id
            self.invalidate_recordset(["cs_credit_note_move_id"])
        return self._cs_credit_note_action(move_id)

    def action_cs_open_credit_note(self):
        """Open the credit note made from the statement's credit."""
        self.ensure_one()
        self._cs_check_issuer()
        if not self.cs_credit_note_move_id:
            raise UserError(self.env._("Statement %(name)s has no credit note yet.", name=self.name))
        return self._cs_credit_note_action(self.cs_credit_note_move_id)

    def _cs_credit_note_action(self, move_id):
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": move_id,
            "views": [(False, "form")],
            "context": {"default_move_type": "out_refund"},
        }
