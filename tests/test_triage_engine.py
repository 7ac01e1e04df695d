import json
import pathlib

import pytest

from cs_engine import triage

DATA = pathlib.Path(__file__).resolve().parent.parent / "bench" / "data" / "triage_tickets.jsonl"


@pytest.fixture(scope="module")
def rows():
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def trained(rows):
    samples = [{"text": triage.ticket_text(r["subject"], r["description"]), "category": r["category"],
                "team": r["team"], "priority": r["priority"]} for r in rows]
    return triage.train(samples)


def test_shipped_data_set_is_big_and_varied(rows):
    assert len(rows) >= 600
    assert len({r["category"] for r in rows}) >= 8
    assert len({r["team"] for r in rows}) >= 3
    assert {r["language"] for r in rows} == {"zh", "en", "mixed"}
    assert sum(1 for r in rows if r.get("sentiment")) >= 200


def test_ticket_text_and_content():
    assert triage.ticket_text("Export", "<p>fails&nbsp;<b>now</b></p>") == "Export fails now"
    assert not triage.has_content("<p><br/></p>")
    assert not triage.has_content("&nbsp; ，。")
    assert not triage.has_content(None)
    assert triage.has_content("导出")


def test_tokens_segment_chinese_and_lower_english():
    words = triage.tokens("甘特图导出失败 Export PDF")
    assert "export" in words and "pdf" in words
    assert "导出" in words and "失败" in words


def test_trained_model_predicts_clear_tickets(trained):
    model, report = trained
    assert model is not None and "category" in report["enabled"]
    zh, en, empty = model.predict([
        triage.ticket_text("甘特图里的任务依赖关系显示错乱", "<p>拖动甘特图的任务条后日期没有保存，里程碑也不显示</p>"),
        triage.ticket_text("Invoice shows the wrong company name", "<p>We were charged twice and the invoice is wrong</p>"),
        triage.ticket_text("", "<p><br></p>"),
    ])
    assert zh["category"][0] == "Gantt & Scheduling"
    assert en["category"][0] == "Billing & Licenses"
    assert empty == {}
    assert 0.0 <= zh["category"][1] <= 1.0


def test_report_has_quality_figures(trained):
    _model, report = trained
    metrics = report["metrics"]["category"]
    assert metrics["tested"] > 0
    assert 0 <= metrics["high_share"] <= 1 and 0 <= metrics["medium_share"] <= 1
    assert set(metrics["classes"]) == set(report["classes"]["category"])
    assert {"precision", "recall", "support"} <= set(next(iter(metrics["classes"].values())))


def test_dumps_loads_roundtrip_and_corrupt(trained):
    model, _report = trained
    again = triage.loads(triage.dumps(model))
    assert again.predict(["Dashboard will not load"])[0]["category"][0] == \
        model.predict(["Dashboard will not load"])[0]["category"][0]
    with pytest.raises(triage.ModelLoadError):
        triage.loads(b"not a model")
    with pytest.raises(triage.ModelLoadError):
        triage.loads(b"")


def test_eligibility_gate_keeps_small_data_off():
    labels = {"category": ["a"] * 30 + ["b"] * 30 + ["c"] * 3}
    gate = triage.eligibility(labels, min_samples=300, min_per_class=20)
    assert ("few_samples", {"count": 63, "minimum": 300}) in gate["reasons"]
    assert gate["classes"]["category"] == ["a", "b"]
    assert triage.eligibility({"category": ["a"] * 400}, 300, 20)["reasons"] == [
        ("few_classes", {"field": "category", "classes": 1, "minimum": 20})]
    ok = triage.eligibility({"category": ["a"] * 200 + ["b"] * 200}, 300, 20)
    assert ok["reasons"] == []


def test_small_database_trains_nothing_enabled(rows):
    samples = [{"text": triage.ticket_text(r["subject"], r["description"]), "category": r["category"]}
               for r in rows[:120]]
    _model, report = triage.train(samples, fields=("category",))
    assert report["enabled"] == []
    assert report["eligibility"][0][0] == "few_samples"


def test_quality_gate():
    good = {"tested": 100, "high_share": 0.5, "high_accuracy": 0.95}
    assert triage.quality_gate(good) == []
    assert [r[0] for r in triage.quality_gate({"tested": 100, "high_share": 0.1, "high_accuracy": 0.8})] == [
        "low_high_share", "low_high_accuracy"]
    assert triage.quality_gate({"tested": 0}) == [("not_measured", {})]


def test_measure():
    metrics = triage.measure(["a", "a", "b", "b"], ["a", "b", "b", "b"], [0.9, 0.6, 0.95, 0.3], 0.8, 0.5)
    assert metrics["accuracy"] == 0.75
    assert metrics["high_share"] == 0.5 and metrics["high_accuracy"] == 1.0
    assert metrics["medium_share"] == 0.25
    assert metrics["classes"]["a"] == {"precision": 1.0, "recall": 0.5, "support": 2}


def test_decide_applies_only_confident_unset_fields():
    prediction = {"category": (3, 0.92), "priority": ("2", 0.55), "team": (7, 0.99)}
    assert triage.decide(prediction, {"category": 0.8, "priority": 0.8, "team": 0.8}, {"team"}) == {
        "category": "apply", "priority": "suggest"}


@pytest.mark.parametrize("value", [-0.01, 1.01, "x", None, float("nan")])
def test_threshold_outside_bounds_refused(value):
    with pytest.raises(triage.TriageConfigError):
        triage.check_threshold(value)


def test_threshold_bounds_accepted():
    assert triage.check_threshold("0") == 0.0 and triage.check_threshold(1) == 1.0
    key = "customer_success_sla.triage_category_threshold"
    assert triage.parse_float_setting(key, "0.75") == 0.75
    assert triage.parse_float_setting(key, "1.5") is None
