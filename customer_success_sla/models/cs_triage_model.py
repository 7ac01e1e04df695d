import logging
import threading
from collections import OrderedDict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..engine import triage

_logger = logging.getLogger(__name__)

SENTIMENT_SELECTION = [
    ("very_negative", "Very Negative"),
    ("negative", "Negative"),
    ("neutral", "Neutral"),
    ("positive", "Positive"),
    ("very_positive", "Very Positive"),
]
TRAINING_MONTHS = 12
MAX_TRAINING_TICKETS = 200_000

# Loaded models of this process, by attachment checksum (content-addressed:
# a retrained model has another checksum, a stale entry is never used).
_CACHE = OrderedDict()
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def _cached(checksum, loader):
    with _CACHE_LOCK:
        if checksum in _CACHE:
            _CACHE.move_to_end(checksum)
            return _CACHE[checksum]
    model = loader()
    with _CACHE_LOCK:
        _CACHE[checksum] = model
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return model


class CsTriageModel(models.Model):
    """A triage model trained on this database's solved tickets: its file
    (an attachment of the record), its measured quality and whether it is
    switched on."""

    _name = "cs.triage.model"
    _description = "Triage Model"
    _order = "trained_date desc, id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("Ticket triage"))
    active_model = fields.Boolean(
        string="Switched On", readonly=True,
        help="On when the data was enough and the measured quality passed the bar: predictions are applied "
             "to new tickets above each field's threshold.")
    trained_date = fields.Datetime(string="Trained On", readonly=True)
    sample_count = fields.Integer(string="Solved Tickets", readonly=True,
                                  help="Solved tickets of the last 12 months the model learnt from and was tested on.")
    train_seconds = fields.Float(string="Training Time (s)", readonly=True, digits=(16, 1))
    size_bytes = fields.Integer(string="Size (bytes)", readonly=True)
    accuracy = fields.Float(string="Category Accuracy", readonly=True, digits=(3, 3),
                            help="Share of the held-out tickets whose category was predicted right.")
    high_share = fields.Float(string="High Confidence", readonly=True, digits=(3, 3),
                              help="Share of the held-out category predictions at or above the threshold.")
    high_accuracy = fields.Float(string="High-Confidence Accuracy", readonly=True, digits=(3, 3))
    medium_share = fields.Float(string="Medium Confidence", readonly=True, digits=(3, 3),
                                help="Share of the held-out category predictions from 0.5 to the threshold.")
    priority_accuracy = fields.Float(string="Priority Accuracy", readonly=True, digits=(3, 3))
    team_accuracy = fields.Float(string="Team Accuracy", readonly=True, digits=(3, 3))
    enabled_fields = fields.Char(string="Applied Fields", readonly=True,
                                 help="Fields whose predictions passed the quality bar (category, priority, team).")
    off_reason = fields.Text(string="Why It Is Off", readonly=True)
    class_ids = fields.One2many("cs.triage.model.class", "model_id", string="Per Class", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="Model File", readonly=True, ondelete="set null")

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------

    @api.model
    def _cs_param(self, key, default, cast=float):
        value = self.env["ir.config_parameter"].sudo().get_param(f"customer_success_sla.{key}")
        try:
            return cast(value) if value not in (None, False, "") else default
        except ValueError:
            return default

    @api.model
    def _cs_thresholds(self):
        return {field: self._cs_param(f"triage_{field}_threshold", triage.DEFAULT_THRESHOLD)
                for field in triage.FIELDS}

    # ------------------------------------------------------------------
    # Training
    # ------------------------------------------------------------------

    @api.model
    def _cs_training_samples(self):
        """Solved tickets of the last 12 months, newest first, as engine
        samples with a weight (agents' corrections count double). Read only:
        no ticket row is locked or written."""
        since = fields.Datetime.now() - timedelta(days=30 * TRAINING_MONTHS)
        tickets = self.env["helpdesk.ticket"].sudo().with_context(active_test=False).search_fetch(
            [("stage_id.closed", "=", True), ("create_date", ">=", since), ("active", "=", True)],
            ["name", "description", "category_id", "priority", "team_id", "cs_triage_corrected"],
            order="create_date desc, id desc", limit=MAX_TRAINING_TICKETS,
        )
        samples, weights = [], []
        for ticket in tickets:
            samples.append({
                "text": triage.ticket_text(ticket.name, ticket.description),
                "category": ticket.category_id.id or None,
                "priority": ticket.priority or None,
                "team": ticket.team_id.id or None,
            })
            weights.append(2.0 if ticket.cs_triage_corrected else 1.0)
        return samples, weights

    def action_train(self):
        """Train each model of ``self`` on the solved tickets, measure it on a
        held-out part and switch it on only if the data and the quality pass."""
        if not self.env.su and not self.env.user.has_group("customer_success_sla.group_cs_manager"):
            raise AccessError(self.env._("Only customer success managers train the triage model."))
        samples, weights = self._cs_training_samples()
        thresholds = self._cs_thresholds()
        options = {
            "min_samples": self._cs_param("triage_min_samples", triage.DEFAULT_MIN_SAMPLES, int),
            "min_per_class": self._cs_param("triage_min_per_class", triage.DEFAULT_MIN_PER_CLASS, int),
            "min_high_share": self._cs_param("triage_min_high_share", triage.DEFAULT_MIN_HIGH_SHARE),
            "min_high_accuracy": self._cs_param("triage_min_high_accuracy", triage.DEFAULT_MIN_HIGH_ACCURACY),
        }
        for record in self.sudo():
            model, report = triage.train(samples, thresholds=thresholds, weights=weights, **options)
            record._cs_store(model, report)
        return True

    def _cs_store(self, model, report):
        self.ensure_one()
        metrics = report["metrics"]
        category = metrics.get("category", {})
        values = {
            "trained_date": fields.Datetime.now(),
            "sample_count": report["sample_count"],
            "train_seconds": report["seconds"],
            "accuracy": category.get("accuracy") or 0.0,
            "high_share": category.get("high_share") or 0.0,
            "high_accuracy": category.get("high_accuracy") or 0.0,
            "medium_share": category.get("medium_share") or 0.0,
            "priority_accuracy": metrics.get("priority", {}).get("accuracy") or 0.0,
            "team_accuracy": metrics.get("team", {}).get("accuracy") or 0.0,
            "enabled_fields": ",".join(report["enabled"]),
            "active_model": bool(model and report["enabled"]),
            "off_reason": self._cs_reasons_text(report) or False,
            "class_ids": [fields.Command.clear()] + [
                fields.Command.create({"field": field, "label": self._cs_label_name(field, label),
                                       "precision": figures["precision"], "recall": figures["recall"],
                                       "support": figures["support"]})
                for field, field_metrics in metrics.items()
                for label, figures in field_metrics["classes"].items()
            ],
        }
        old = self.attachment_id
        if model:
            payload = triage.dumps(model)
            values["attachment_id"] = self.env["ir.attachment"].sudo().create({
                "name": f"triage-model-{self.id}.joblib",
                "raw": payload,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/octet-stream",
            }).id
            values["size_bytes"] = len(payload)
        else:
            values.update(attachment_id=False, size_bytes=0)
        self.write(values)
        old.unlink()

    def _cs_label_name(self, field, label):
        if field == "category":
            return self.env["helpdesk.ticket.category"].browse(int(label)).exists().display_name or label
        if field == "team":
            return self.env["helpdesk.ticket.team"].browse(int(label)).exists().display_name or label
        return dict(self.env["helpdesk.ticket"]._fields["priority"]._description_selection(self.env)).get(
            label, label)

    def _cs_reasons_text(self, report):
        """Why the model (or one of its fields) is off, in the reader's words."""
        names = {"category": self.env._("Category"), "priority": self.env._("Priority"), "team": self.env._("Team")}
        lines = []
        for code, details in report["eligibility"]:
            if code == "few_samples":
                lines.append(self.env._(
                    "Only %(count)s solved tickets in the last 12 months; at least %(minimum)s are needed.",
                    **details))
            elif code == "few_classes":
                lines.append(self.env._(
                    "%(field)s: fewer than two values with at least %(minimum)s solved tickets each.",
                    field=names[details["field"]], minimum=details["minimum"]))
        for field, reasons in report["reasons"].items():
            for code, details in reasons:
                if code == "low_high_share":
                    lines.append(self.env._(
                        "%(field)s: only %(share)s%% of the test predictions are high-confidence; "
                        "%(minimum)s%% are needed.",
                        field=names[field], share=round(details["share"] * 100, 1),
                        minimum=round(details["minimum"] * 100, 1)))
                elif code == "low_high_accuracy":
                    accuracy = details["accuracy"]
                    lines.append(self.env._(
                        "%(field)s: high-confidence predictions are right %(accuracy)s%% of the time; "
                        "%(minimum)s%% is needed.",
                        field=names[field], accuracy=round(accuracy * 100, 1) if accuracy is not None else 0,
                        minimum=round(details["minimum"] * 100, 1)))
                elif code == "not_measured":
                    lines.append(self.env._("%(field)s: no test ticket to measure it on.", field=names[field]))
        return "\n".join(lines)

    @api.model
    def _cron_train(self):
        """Weekly: retrain the latest model (one is created the first time).
        Reads tickets, writes only the model record."""
        model = self.sudo().search([], limit=1) or self.sudo().create({})
        model.action_train()

    # ------------------------------------------------------------------
    # Loading
    # ------------------------------------------------------------------

    @api.model
    def _cs_loaded(self):
        """(record, engine model, enabled fields) of the switched-on model,
        loaded once per process; ``None`` when there is none or its file
        cannot be read (then it is discarded with a warning)."""
        # one query on every ticket creation: the switched-on model and its file's checksum
        self.env["cs.triage.model"].flush_model(["active_model", "attachment_id", "enabled_fields", "trained_date"])
        self.env["ir.attachment"].flush_model(["checksum"])
        self.env.cr.execute(SQL(
            """
            SELECT model.id, model.enabled_fields, attachment.checksum
              FROM cs_triage_model model
              JOIN ir_attachment attachment ON attachment.id = model.attachment_id
             WHERE model.active_model
          ORDER BY model.trained_date DESC NULLS LAST, model.id DESC
             LIMIT 1
            """
        ))
        row = self.env.cr.fetchone()
        if not row:
            return None
        record = self.sudo().browse(row[0])
        checksum = row[2]
        enabled = set(filter(None, (row[1] or "").split(",")))
        try:
            model = _cached(checksum, lambda: triage.loads(record.attachment_id.raw or b""))
        except Exception as error:  # noqa: BLE001 - a bad file must never stop ticket creation
            _logger.warning("Triage model %s cannot be loaded (%s): discarded, tickets get no prediction.",
                            record.id, error)
            record._cs_discard()
            return None
        return record, model, enabled

    def _cs_discard(self):
        """Switch off a model whose file is unreadable, without failing the
        transaction that noticed it (the ticket's)."""
        try:
            with self.env.cr.savepoint():
                # a training holding the row must not make the ticket wait
                self.env.cr.execute(SQL("SELECT id FROM cs_triage_model WHERE id = ANY(%s) FOR UPDATE NOWAIT",
                                        self.ids))
                self.write({"active_model": False, "off_reason": self.env._(
                    "The model file could not be read: it was discarded. Train the model again.")})
        except Exception:  # noqa: BLE001
            _logger.warning("Could not switch off triage model %s.", self.ids, exc_info=True)
