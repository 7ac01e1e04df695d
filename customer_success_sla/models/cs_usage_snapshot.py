from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from ..engine import health


class CsUsageSnapshot(models.Model):
    """Product usage of an account on a date, as reported by the product
    (API) or imported from a CSV file: one row per account and day."""

    _name = "cs.usage.snapshot"
    _description = "Usage Snapshot"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Account", required=True, ondelete="cascade", index=True,
        domain="[('is_company', '=', True)]")
    date = fields.Date(required=True, default=fields.Date.context_today)
    active_users = fields.Integer()
    licensed_seats = fields.Integer()
    logins = fields.Integer()
    features_used = fields.Integer(string="Key Features Used")
    seat_utilisation = fields.Float(string="Seat Utilisation (%)", compute="_compute_seat_utilisation")

    _partner_date_unique = models.Constraint(
        "UNIQUE(partner_id, date)", "An account has one usage snapshot per day.",
    )
    _counts_positive = models.Constraint(
        "CHECK(active_users >= 0 AND licensed_seats >= 0 AND logins >= 0 AND features_used >= 0)",
        "Usage counts cannot be negative.",
    )

    @api.depends("active_users", "licensed_seats")
    def _compute_seat_utilisation(self):
        for snapshot in self:
            snapshot.seat_utilisation = (
                snapshot.active_users * 100 / snapshot.licensed_seats if snapshot.licensed_seats else 0.0)

    @api.constrains("partner_id")
    def _check_account(self):
        for snapshot in self:
            if snapshot.partner_id.commercial_partner_id != snapshot.partner_id:
                raise ValidationError(self.env._(
                    "Usage is recorded on the account (the company), not on its contact %(contact)s.",
                    contact=snapshot.partner_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._cs_check_counts(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._cs_check_counts(vals)
        return super().write(vals)

    def _cs_check_counts(self, vals):
        for field in health.USAGE_COUNTS:
            if (vals.get(field) or 0) < 0:
                raise ValidationError(self.env._(
                    "%(field)s cannot be negative (%(value)s).",
                    field=self._fields[field]._description_string(self.env), value=vals[field]))

    @api.model
    def cs_import_rows(self, rows):
        """Record usage rows (dicts) — the entry point for CSV imports and
        for the product's API (``execute_kw('cs.usage.snapshot',
        'cs_import_rows', [rows])``).

        A row names its account by ``partner_id`` (id), ``account_ref``
        (the partner's Reference) or ``account`` (exact company name), gives
        a ``date`` (YYYY-MM-DD) and the counts ``active_users``,
        ``licensed_seats``, ``logins``, ``features_used``. A row for an
        account and date already recorded updates it.

        Good rows are kept whatever the bad ones: returns ``{"created": n,
        "updated": n, "errors": [{"row": index (1-based), "message": …}]}``.
        """
        errors, good = [], []
        accounts = self._cs_resolve_accounts(rows)
        for index, row in enumerate(rows, start=1):
            try:
                good.append(self._cs_clean_row(row, accounts))
            except ValidationError as error:
                errors.append({"row": index, "message": error.args[0]})
        if not good:
            return {"created": 0, "updated": 0, "errors": errors}
        # the last row of an account and day wins
        by_key = {(vals["partner_id"], vals["date"]): vals for vals in good}
        existing = self.search(Domain("partner_id", "in", list({key[0] for key in by_key}))
                               & Domain("date", "in", list({key[1] for key in by_key})))
        existing_by_key = {(snapshot.partner_id.id, snapshot.date): snapshot for snapshot in existing}
        to_create = []
        for key, vals in by_key.items():
            if snapshot := existing_by_key.get(key):
                snapshot.write({name: value for name, value in vals.items() if name not in ("partner_id", "date")})
            else:
                to_create.append(vals)
        self.create(to_create)
        return {"created": len(to_create), "updated": len(by_key) - len(to_create), "errors": errors}

    @api.model
    def _cs_resolve_accounts(self, rows):
        """{("id"|"ref"|"name", value): account} for every account the rows
        name, read in at most three queries."""
        Partner = self.env["res.partner"]
        account_domain = Partner._cs_account_domain()
        rows = [row for row in rows if isinstance(row, dict)]
        ids = {self._cs_row_partner_id(row) for row in rows} - {None}
        refs = {str(row["account_ref"]).strip() for row in rows if row.get("account_ref")}
        names = {str(row["account"]).strip() for row in rows if row.get("account")}
        found = {}
        if ids:
            found.update({("id", p.id): p for p in Partner.search(account_domain & Domain("id", "in", list(ids)))})
        if refs:
            found.update({("ref", p.ref): p for p in Partner.search(account_domain & Domain("ref", "in", list(refs)))})
        if names:
            found.update({("name", p.name): p
                          for p in Partner.search(account_domain & Domain("name", "in", list(names)), order="id desc")})
        return found

    @api.model
    def _cs_row_partner_id(self, row):
        value = row.get("partner_id") if isinstance(row, dict) else None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        return None

    @api.model
    def _cs_clean_row(self, row, accounts):
        if not isinstance(row, dict):
            raise ValidationError(self.env._("Not a row of named values."))
        if row.get("partner_id"):
            key = ("id", self._cs_row_partner_id(row) or row["partner_id"])
        elif row.get("account_ref"):
            key = ("ref", str(row["account_ref"]).strip())
        elif row.get("account"):
            key = ("name", str(row["account"]).strip())
        else:
            raise ValidationError(self.env._("No account: give partner_id, account_ref or account."))
        account = accounts.get(key)
        if not account:
            raise ValidationError(self.env._("Unknown account “%(account)s”.", account=key[1]))
        try:
            day = fields.Date.to_date(str(row.get("date") or "").strip() or None)
        except ValueError:
            day = None
        if not day:
            raise ValidationError(self.env._("Missing or invalid date “%(date)s” (expected YYYY-MM-DD).",
                                             date=row.get("date") or ""))
        try:
            counts = health.clean_usage_counts(row)
        except health.UsageRowError as error:
            code, field = error.args
            label = self._fields[field]._description_string(self.env)
            if code == "negative":
                raise ValidationError(self.env._("%(field)s cannot be negative (%(value)s).",
                                                 field=label, value=row.get(field))) from None
            raise ValidationError(self.env._("%(field)s is not a whole number (%(value)s).",
                                             field=label, value=row.get(field))) from None
        return {"partner_id": account.id, "date": day, **counts}
