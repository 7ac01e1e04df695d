"""Intelligent triage: category, priority and team predicted from the
vendor's own solved tickets, each with a calibrated confidence.

Plain Python (scikit-learn, jieba), usable without Odoo:

- ``ticket_text`` / ``features_text``: what a ticket says, markup removed;
  Chinese runs segmented into words by jieba, other words lower-cased;
- ``train(samples, ...)``: TF-IDF of the words (1–2 grams) and of character
  2–3 grams (robust to jieba's mistakes and to typos), one multinomial
  logistic regression per field (its probabilities are the confidence),
  measured on a held-out split: per-class precision/recall, accuracy, the
  share of high- and medium-confidence predictions and their accuracy;
- ``eligibility`` and ``quality_gate``: whether the data is enough and the
  measured quality good enough to switch the model on, and why not;
- ``TriageModel.predict(texts)``: {field: (label, confidence)} per text,
  batched; no prediction for a text without words.

A model is serialised with ``dumps``/``loads`` (joblib, compressed); an
unreadable payload raises ``ModelLoadError``.
"""

import io
import random
import re
import time
import unicodedata
from collections import Counter

from .knowledge import HAN_RUN, _jieba, words

FIELDS = ("category", "priority", "team")
MODEL_VERSION = 1
MAX_TEXT_CHARS = 2000

DEFAULT_THRESHOLD = 0.8          # applied at or above, per field
DEFAULT_MEDIUM_THRESHOLD = 0.5   # "medium confidence" in the quality figures
DEFAULT_MIN_SAMPLES = 300
DEFAULT_MIN_PER_CLASS = 20
DEFAULT_MIN_HIGH_SHARE = 0.30
DEFAULT_MIN_HIGH_ACCURACY = 0.90
DEFAULT_TEST_SHARE = 0.2

# key: (smallest, largest) decimal value of the settings stored as system parameters.
FLOAT_SETTINGS = {
    "customer_success_sla.triage_category_threshold": (0.0, 1.0),
    "customer_success_sla.triage_priority_threshold": (0.0, 1.0),
    "customer_success_sla.triage_team_threshold": (0.0, 1.0),
    "customer_success_sla.triage_min_high_share": (0.0, 1.0),
    "customer_success_sla.triage_min_high_accuracy": (0.0, 1.0),
}
INT_SETTINGS = {
    "customer_success_sla.triage_min_samples": (10, 10_000_000),
    "customer_success_sla.triage_min_per_class": (2, 1_000_000),
}

TAGS = re.compile(r"<[^>]*>")
ENTITIES = re.compile(r"&(nbsp|amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);")
SPACES = re.compile(r"\s+")
WORDY = re.compile(r"[^\W_]", re.UNICODE)



class ModelLoadError(ValueError):
    """A stored model that cannot be used (corrupt, other version)."""


class TriageConfigError(ValueError):
    """A setting out of its bounds."""


def check_threshold(value):
    """``value`` as a float in 0…1, else ``TriageConfigError``."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TriageConfigError(value) from None
    if not 0.0 <= number <= 1.0 or number != number:
        raise TriageConfigError(value)
    return number


def parse_float_setting(key, value):
    """The number setting ``key`` takes from ``value``, or ``None`` out of bounds."""
    low, high = FLOAT_SETTINGS[key]
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return number if low <= number <= high else None


def ticket_text(subject, description):
    """Subject and description as one plain text: markup and entities
    removed, NFKC-normalised, bounded."""
    parts = []
    for part in (subject, description):
        if part:
            part = ENTITIES.sub(" ", TAGS.sub(" ", str(part)))
            parts.append(part)
    text = unicodedata.normalize("NFKC", " ".join(parts))
    return SPACES.sub(" ", text).strip()[:MAX_TEXT_CHARS]


def has_content(text):
    """Whether ``text`` holds at least one letter or digit once markup is
    removed (markup-only or punctuation-only text gets no prediction)."""
    return bool(text and WORDY.search(ENTITIES.sub(" ", TAGS.sub(" ", str(text)))))


def tokens(text):
    """Words of a plain ``text``: Chinese runs cut by jieba (precise mode),
    other words lower-cased."""
    result = []
    position = 0
    segment = _jieba().lcut
    for match in HAN_RUN.finditer(text):
        result.extend(word.lower() for word in words(text[position:match.start()]))
        result.extend(word for word in segment(match.group(), HMM=True) if word.strip())
        position = match.end()
    result.extend(word.lower() for word in words(text[position:]))
    return result


def features_text(text):
    """The space-joined tokens the word vectoriser reads."""
    return " ".join(tokens(text))


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion([
        ("words", TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2), min_df=2,
                                  sublinear_tf=True, max_features=200_000, dtype=_float32())),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), min_df=2, sublinear_tf=True,
                                  max_features=200_000, dtype=_float32())),
    ])


def _float32():
    import numpy

    return numpy.float32


def _classifier():
    """Multinomial logistic regression: its probabilities are the
    confidence. SAGA scales linearly with the samples (50,000 tickets in
    seconds); a bounded number of passes is enough for TF-IDF features."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=8.0, solver="saga", max_iter=30, tol=1e-3)


def _fit(classifier, matrix, labels, weights):
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        classifier.fit(matrix, labels, sample_weight=weights)
    return classifier


def split(samples, test_share=DEFAULT_TEST_SHARE, seed=17):
    """(train, test) index lists: a deterministic shuffled split."""
    indexes = list(range(len(samples)))
    random.Random(seed).shuffle(indexes)
    cut = int(round(len(indexes) * (1 - test_share)))
    return indexes[:cut], indexes[cut:]


def eligibility(labels_by_field, min_samples=DEFAULT_MIN_SAMPLES, min_per_class=DEFAULT_MIN_PER_CLASS):
    """Which classes each field can learn, and why the data is not enough.

    ``labels_by_field``: {field: [label or None per sample]}. Returns
    ``{"sample_count", "classes": {field: [kept labels]}, "reasons": [(code, details)]}``;
    a class with fewer than ``min_per_class`` samples is left out; a field
    needs two classes; the whole model needs ``min_samples`` samples.
    """
    reasons = []
    sample_count = max((len(labels) for labels in labels_by_field.values()), default=0)
    if sample_count < min_samples:
        reasons.append(("few_samples", {"count": sample_count, "minimum": min_samples}))
    classes = {}
    for field, labels in labels_by_field.items():
        counts = Counter(label for label in labels if label not in (None, False, ""))
        kept = sorted((label for label, count in counts.items() if count >= min_per_class), key=str)
        classes[field] = kept
        if len(kept) < 2:
            reasons.append(("few_classes", {"field": field, "classes": len(kept), "minimum": min_per_class}))
    return {"sample_count": sample_count, "classes": classes, "reasons": reasons}


def quality_gate(metrics, min_high_share=DEFAULT_MIN_HIGH_SHARE, min_high_accuracy=DEFAULT_MIN_HIGH_ACCURACY):
    """Reasons (code, details) why a field's measured quality does not pass; empty when it does."""
    reasons = []
    if metrics.get("tested", 0) == 0:
        return [("not_measured", {})]
    if metrics["high_share"] < min_high_share:
        reasons.append(("low_high_share", {"share": metrics["high_share"], "minimum": min_high_share}))
    if metrics["high_accuracy"] is None or metrics["high_accuracy"] < min_high_accuracy:
        reasons.append(("low_high_accuracy", {"accuracy": metrics["high_accuracy"], "minimum": min_high_accuracy}))
    return reasons


def measure(truth, predicted, confidences, threshold=DEFAULT_THRESHOLD, medium=DEFAULT_MEDIUM_THRESHOLD):
    """Quality figures of one field's predictions on a held-out set."""
    tested = len(truth)
    if not tested:
        return {"tested": 0, "accuracy": None, "macro_f1": None, "high_share": 0.0, "medium_share": 0.0,
                "high_accuracy": None, "classes": {}}
    correct = [t == p for t, p in zip(truth, predicted)]
    high = [i for i, c in enumerate(confidences) if c >= threshold]
    medium_rows = [i for i, c in enumerate(confidences) if medium <= c < threshold]
    per_class = {}
    f1s = []
    for label in sorted(set(truth) | set(predicted), key=str):
        tp = sum(1 for t, p in zip(truth, predicted) if t == label and p == label)
        fp = sum(1 for t, p in zip(truth, predicted) if t != label and p == label)
        fn = sum(1 for t, p in zip(truth, predicted) if t == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if tp + fn:
            f1s.append(f1)
        per_class[str(label)] = {"precision": round(precision, 4), "recall": round(recall, 4),
                                 "support": tp + fn}
    return {
        "tested": tested,
        "accuracy": round(sum(correct) / tested, 4),
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
        "high_share": round(len(high) / tested, 4),
        "high_accuracy": round(sum(correct[i] for i in high) / len(high), 4) if high else None,
        "medium_share": round(len(medium_rows) / tested, 4),
        "medium_accuracy": (round(sum(correct[i] for i in medium_rows) / len(medium_rows), 4)
                            if medium_rows else None),
        "classes": per_class,
    }


class TriageModel:
    """A trained vectoriser and one classifier per field."""

    def __init__(self, vectorizer, classifiers, trained_on=0, metrics=None):
        self.vectorizer = vectorizer
        self.classifiers = classifiers  # {field: fitted classifier}
        self.trained_on = trained_on
        self.metrics = metrics or {}

    @property
    def fields(self):
        return tuple(self.classifiers)

    def _matrix(self, texts):
        return self.vectorizer.transform([(features_text(t), t) for t in texts])

    def predict(self, texts):
        """[{field: (label, confidence)} or {} per text]: nothing for a text
        without words."""
        results = [{} for _text in texts]
        rows = [i for i, text in enumerate(texts) if has_content(text)]
        if not rows:
            return results
        matrix = self._matrix([texts[i] for i in rows])
        for field, classifier in self.classifiers.items():
            probabilities = classifier.predict_proba(matrix)
            best = probabilities.argmax(axis=1)
            for position, row in enumerate(rows):
                index = best[position]
                results[row][field] = (_plain(classifier.classes_[index]), float(probabilities[position, index]))
        return results


def _plain(label):
    """numpy scalars to Python values (for JSON and the ORM)."""
    return label.item() if hasattr(label, "item") else label


def _union_input(vectorizer):
    """FeatureUnion gives every vectoriser the same input: a (tokens, text)
    pair, each taking its part through a preprocessor."""
    words_vec = dict(vectorizer.transformer_list)["words"]
    chars_vec = dict(vectorizer.transformer_list)["chars"]
    words_vec.set_params(preprocessor=_first)
    chars_vec.set_params(preprocessor=_second)
    return vectorizer


def _first(pair):
    return pair[0]


def _second(pair):
    return pair[1].lower()


def train(samples, fields=FIELDS, test_share=DEFAULT_TEST_SHARE, threshold=DEFAULT_THRESHOLD,
          thresholds=None, medium=DEFAULT_MEDIUM_THRESHOLD, min_samples=DEFAULT_MIN_SAMPLES,
          min_per_class=DEFAULT_MIN_PER_CLASS, min_high_share=DEFAULT_MIN_HIGH_SHARE,
          min_high_accuracy=DEFAULT_MIN_HIGH_ACCURACY, seed=17, weights=None):
    """Train on ``samples`` ([{"text", field: label or None}]) and measure on a held-out split.

    ``weights``: optional per-sample weights (agents' corrections count more).
    Returns ``(model or None, report)``; the report has ``sample_count``,
    ``eligibility`` reasons, per-field ``metrics`` and ``reasons``,
    ``enabled`` fields and ``seconds``. The final model is refitted on all
    the samples once measured.
    """
    start = time.perf_counter()
    thresholds = thresholds or {}
    samples = [s for s in samples if has_content(s.get("text"))]
    labels_by_field = {field: [s.get(field) for s in samples] for field in fields}
    gate = eligibility(labels_by_field, min_samples, min_per_class)
    report = {"sample_count": len(samples), "eligibility": gate["reasons"], "metrics": {}, "reasons": {},
              "enabled": [], "classes": {f: [str(c) for c in gate["classes"][f]] for f in fields}}
    trainable = [field for field in fields if len(gate["classes"][field]) >= 2]
    if not trainable or not samples:
        report["seconds"] = round(time.perf_counter() - start, 3)
        return None, report
    pairs = [(features_text(s["text"]), s["text"]) for s in samples]
    train_rows, test_rows = split(samples, test_share, seed)
    weights = list(weights) if weights is not None else [1.0] * len(samples)
    # The model put to work is the one measured: its figures are its own.
    vectorizer = _union_input(_vectorizer())
    train_matrix = vectorizer.fit_transform([pairs[i] for i in train_rows])
    test_matrix = vectorizer.transform([pairs[i] for i in test_rows]) if test_rows else None
    classifiers = {}
    for field in trainable:
        kept = set(gate["classes"][field])
        rows = [k for k, i in enumerate(train_rows) if samples[i].get(field) in kept]
        test = [k for k, i in enumerate(test_rows) if samples[i].get(field) in kept]
        if len({samples[train_rows[k]][field] for k in rows}) < 2:
            continue
        classifier = _fit(_classifier(), train_matrix[rows], [samples[train_rows[k]][field] for k in rows],
                          [weights[train_rows[k]] for k in rows])
        classifiers[field] = classifier
        if test:
            probabilities = classifier.predict_proba(test_matrix[test])
            best = probabilities.argmax(axis=1)
            predicted = [_plain(classifier.classes_[b]) for b in best]
            confidences = [float(probabilities[n, b]) for n, b in enumerate(best)]
            truth = [samples[test_rows[k]][field] for k in test]
        else:
            predicted, confidences, truth = [], [], []
        metrics = measure(truth, predicted, confidences, thresholds.get(field, threshold), medium)
        report["metrics"][field] = metrics
        reasons = quality_gate(metrics, min_high_share, min_high_accuracy)
        report["reasons"][field] = reasons
        if not reasons and not gate["reasons"]:
            report["enabled"].append(field)
    if not classifiers:
        report["seconds"] = round(time.perf_counter() - start, 3)
        return None, report
    report["seconds"] = round(time.perf_counter() - start, 3)
    return TriageModel(vectorizer, classifiers, trained_on=len(train_rows), metrics=report["metrics"]), report


def dumps(model):
    import joblib

    buffer = io.BytesIO()
    joblib.dump({"version": MODEL_VERSION, "model": model}, buffer, compress=3)
    return buffer.getvalue()


def loads(payload):
    """The ``TriageModel`` in ``payload`` (bytes), else ``ModelLoadError``."""
    import joblib

    try:
        data = joblib.load(io.BytesIO(payload))
    except Exception as error:  # noqa: BLE001 - any unreadable payload is one failure
        raise ModelLoadError(f"unreadable model: {error!r}") from error
    if not isinstance(data, dict) or data.get("version") != MODEL_VERSION or not isinstance(
            data.get("model"), TriageModel):
        raise ModelLoadError("not a triage model of this version")
    return data["model"]


def decide(prediction, thresholds, already_set):
    """What to do with one ticket's ``prediction`` ({field: (label, confidence)}):
    {field: "apply" | "suggest"}. A field the customer or the agent set is
    never overwritten (and gets no suggestion); at or above the field's
    threshold the label is applied, below it only suggested."""
    actions = {}
    for field, (label, confidence) in prediction.items():
        if label in (None, False, "") or field in already_set:
            continue
        actions[field] = "apply" if confidence >= thresholds.get(field, DEFAULT_THRESHOLD) else "suggest"
    return actions


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, int(round(share * (len(ordered) - 1)))))
    return ordered[index]
