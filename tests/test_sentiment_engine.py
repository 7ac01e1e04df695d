import json
import pathlib

import pytest

from cs_engine.sentiment import LEVELS, language, level, negative_share, plain_text, sentiment

DATA = pathlib.Path(__file__).resolve().parent.parent / "bench" / "data" / "triage_tickets.jsonl"


def test_upset_chinese_message_is_very_negative():
    score = sentiment("你们的系统又崩了，太让人失望了，再这样我们就不续约了")
    assert level(score) == "very_negative"


@pytest.mark.parametrize("text, expected", [
    ("Your system crashed again. This is unacceptable and we will not renew.", "very_negative"),
    ("Thank you so much, amazing support, really appreciate the quick fix!", "very_positive"),
    ("谢谢你们的帮助，问题已经解决了，非常满意", "very_positive"),
    ("How do I export the Gantt chart?", "neutral"),
    ("请问如何导出甘特图", "neutral"),
    ("又崩了，this is unacceptable，我们考虑不续约了", "very_negative"),
])
def test_levels_in_both_languages_and_mixed(text, expected):
    assert level(sentiment(text)) == expected


@pytest.mark.parametrize("text", ["", None, "<p><br/></p>", "&nbsp;", "  ", "，。！"])
def test_no_words_is_neutral_zero(text):
    assert sentiment(text) == 0.0


def test_score_bounded():
    for text in ["垃圾垃圾垃圾垃圾太差太差失望失望不续约" * 20, "awful terrible worst " * 50, "棒棒棒 love love " * 40]:
        assert -1.0 <= sentiment(text) <= 1.0


def test_levels_bounds():
    assert [level(v) for v in (-1, -0.6, -0.59, -0.2, 0, 0.2, 0.21, 0.6, 0.61, 1)] == [
        "very_negative", "very_negative", "negative", "negative", "neutral", "neutral", "positive", "positive",
        "very_positive", "very_positive"]
    assert level(None) is None
    assert set(LEVELS) == {"very_negative", "negative", "neutral", "positive", "very_positive"}


def test_language_detection():
    assert language("甘特图导出失败") == "zh"
    assert language("Gantt 图导出失败，页面报错") == "zh"
    assert language("Export of the Gantt chart fails") == "en"
    assert language("SSO 登录后又跳回 login page，Okta 配置 looks right") == "mixed"
    assert language("<p></p>") == ""


def test_plain_text_and_negative_share():
    assert plain_text("<p>a&nbsp;b</p>") == "a b"
    assert negative_share([]) is None
    assert negative_share([-0.9, -0.3, 0.0, 0.5, None]) == 50.0


def test_labelled_messages_mostly_right():
    """The shipped labelled messages: the polarity (negative / neutral /
    positive) is read right for most of them in each language."""
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    labelled = [row for row in rows if row.get("sentiment")]
    assert len(labelled) >= 200

    def polarity(name):
        return "neg" if "negative" in name else "pos" if "positive" in name else "neu"

    right = sum(polarity(level(sentiment(row["message"]))) == polarity(row["sentiment"]) for row in labelled)
    assert right / len(labelled) > 0.75
