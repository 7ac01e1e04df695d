import base64
import csv
import io

from odoo import fields, models
from odoo.exceptions import UserError


class CsUsageImportWizard(models.TransientModel):
    """Import usage snapshots from a CSV file: the good rows are recorded,
    each bad row is reported with its line number and why."""

    _name = "cs.usage.import.wizard"
    _description = "Import Usage Snapshots"

    file = fields.Binary(string="CSV File", required=True)
    filename = fields.Char()
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    result = fields.Text(readonly=True)
    error_count = fields.Integer(readonly=True)

    def action_import(self):
        self.ensure_one()
        try:
            text = base64.b64decode(self.file).decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError):
            raise UserError(self.env._("The file is not UTF-8 text.")) from None
        reader = csv.DictReader(io.StringIO(text))
        needed = {"date"}
        if not reader.fieldnames or not needed <= set(reader.fieldnames) or not (
                {"partner_id", "account_ref", "account"} & set(reader.fieldnames)):
            raise UserError(self.env._(
                "The first line must name the columns: date, partner_id or account_ref or account, "
                "active_users, licensed_seats, logins, features_used."))
        rows = [dict(row) for row in reader]
        outcome = self.env["cs.usage.snapshot"].cs_import_rows(rows)
        lines = [self.env._("%(created)s snapshot(s) created, %(updated)s updated, %(errors)s row(s) refused.",
                            created=outcome["created"], updated=outcome["updated"], errors=len(outcome["errors"]))]
        # line 1 of the file is the header: row n is on line n + 1
        lines += [self.env._("Line %(line)s: %(message)s", line=error["row"] + 1, message=error["message"])
                  for error in outcome["errors"]]
        self.write({"state": "done", "result": "\n".join(lines), "error_count": len(outcome["errors"])})
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "target": "new", "name": self.env._("Usage Import"),
        }
