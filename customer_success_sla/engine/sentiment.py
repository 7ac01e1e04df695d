"""The customer's mood in a message: a score from −1 (very negative) to 1
(very positive), in Chinese, English or both mixed.

No outside service. Each script is read by a maintained PyPI library:

- English: ``vaderSentiment`` (a rule-based valence lexicon with negation,
  intensifiers, punctuation and capitals), its lexicon topped up with the
  words of software support that it does not know ("crashed", "outage",
  "churn"…);
- Chinese: ``snownlp`` (a naive Bayes classifier trained on reviews). On
  support messages alone it leans negative on plain questions ("请问如何导出"
  scores 0.2), so its vote is damped and combined with a small support
  lexicon with negation and intensifiers (失望, 崩溃, 不续约, 感谢…), which
  gives the score when it finds something; snownlp reads the rest.

A mixed message is cut into runs of one script; the runs of each script
are read together by its reader and the two scores averaged by length. ``sentiment(text)`` is plain
Python, usable without Odoo.
"""

import re
import unicodedata

LEVELS = ("very_negative", "negative", "neutral", "positive", "very_positive")
# Upper bounds of the scores of the first four levels.
LEVEL_BOUNDS = (-0.6, -0.2, 0.2, 0.6)
NEGATIVE_LEVELS = frozenset({"very_negative", "negative"})
MAX_CHARS = 5000

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A Chinese run: Han characters with the punctuation, digits and spaces
# between them (full-width, or ASCII once NFKC-normalised).
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff，。！？；：、“”‘’（）《》…—0-9\s,.!?;:()\"'~-]+")
LATIN = re.compile(r"[A-Za-z]")
TAGS = re.compile(r"<[^>]*>")
ENTITIES = re.compile(r"&(nbsp|amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);")
SPACES = re.compile(r"\s+")

# Support vocabulary that VADER's general lexicon misses (valence −4…4).
ENGLISH_LEXICON = {
    "crash": -2.5, "crashed": -2.8, "crashes": -2.6, "crashing": -2.6, "down": -1.2, "outage": -2.8,
    "broken": -2.5, "bug": -1.2, "buggy": -2.2, "unusable": -3.0, "unacceptable": -3.2, "useless": -2.8,
    "frustrated": -2.6, "frustrating": -2.6, "disappointed": -2.8, "disappointing": -2.6, "furious": -3.4,
    "ridiculous": -2.6, "terrible": -3.0, "awful": -3.0, "worst": -3.2, "fed": -0.5, "cancel": -1.6,
    "churn": -2.0, "escalate": -1.5, "lost": -1.8, "losing": -1.8, "again": -0.6, "still": -0.4,
    "slow": -1.4, "sluggish": -1.6, "stuck": -1.4, "fails": -0.6, "failed": -0.6, "failing": -0.6,
    "error": -0.3, "errors": -0.3, "hours": -0.2, "resolved": 2.0, "fixed": 1.8, "smooth": 1.8,
    "appreciate": 2.4, "thanks": 1.9, "thank": 1.6, "awesome": 3.1, "quick": 1.0, "lifesaver": 3.0,
}
# Multi-word English phrases: (phrase, valence added to the VADER compound).
ENGLISH_PHRASES = (
    ("not renew", -0.6), ("won't renew", -0.6), ("will not renew", -0.6), ("switch to another", -0.5),
    ("move to a competitor", -0.6), ("looking at alternatives", -0.5), ("fed up", -0.6),
    ("last time", -0.2), ("no one", -0.3), ("nobody", -0.3), ("third time", -0.4),
)

# Chinese support lexicon: word -> valence in −1…1.
CHINESE_LEXICON = {
    # negative
    "崩": -0.6, "崩了": -0.7, "崩溃": -0.7, "宕机": -0.7, "挂了": -0.6, "瘫痪": -0.8, "失望": -0.8,
    "太失望": -0.9, "很失望": -0.9, "非常失望": -1.0, "不满": -0.7, "不满意": -0.7, "愤怒": -1.0, "生气": -0.8,
    "气死": -1.0, "无语": -0.6, "垃圾": -1.0, "太差": -0.8, "很差": -0.7, "差劲": -0.8, "糟糕": -0.8,
    "离谱": -0.8, "投诉": -0.7, "不续约": -1.0, "不再续约": -1.0, "退款": -0.6, "换掉": -0.6, "换一家": -0.8,
    "受不了": -0.9, "忍无可忍": -1.0, "耽误": -0.6, "损失": -0.6, "严重影响": -0.7, "影响": -0.2,
    "又崩": -0.7, "又挂": -0.7, "又出": -0.4, "又是": -0.3, "又报错": -0.5, "还是不行": -0.6, "还是没有解决": -0.6,
    "没有解决": -0.4, "有点着急": -0.5, "影响使用": -0.5, "希望尽快": -0.2, "一直": -0.2, "没人": -0.5, "没有人": -0.5, "没人管": -0.8, "拖": -0.4,
    "慢": -0.3, "太慢": -0.6, "卡": -0.3, "卡死": -0.7, "报错": -0.1, "错误": -0.1, "失败": -0.15,
    "丢失": -0.5, "丢了": -0.5, "着急": -0.5, "急": -0.3, "紧急": -0.3, "烦": -0.6, "麻烦": -0.2,
    "不能用": -0.6, "用不了": -0.6, "无法": -0.2, "坑": -0.6, "敷衍": -0.8, "再这样": -0.5,
    # positive
    "谢谢": 0.6, "感谢": 0.7, "多谢": 0.6, "非常感谢": 0.9, "满意": 0.7, "很满意": 0.9, "非常满意": 1.0,
    "好用": 0.7, "好评": 0.8, "赞": 0.7, "点赞": 0.8, "给力": 0.8, "专业": 0.6, "及时": 0.5, "耐心": 0.6,
    "解决了": 0.6, "已解决": 0.6, "顺利": 0.6, "完美": 0.9, "辛苦": 0.5, "高效": 0.6, "方便": 0.5,
    "又快又好": 0.7, "可以用": 0.4, "可以了": 0.4, "明白了": 0.3, "好的": 0.2, "不错": 0.6, "挺好": 0.6, "很好": 0.7, "喜欢": 0.6, "靠谱": 0.7, "棒": 0.8,
}
CHINESE_NEGATORS = ("不", "没", "没有", "别", "未", "无")
CHINESE_INTENSIFIERS = {"太": 1.4, "非常": 1.4, "特别": 1.3, "极其": 1.5, "十分": 1.3, "真": 1.2, "很": 1.2,
                        "实在": 1.3, "严重": 1.3, "完全": 1.3, "根本": 1.3}
# Words whose own meaning already carries a negation: not read as negated.
_CHINESE_KEYS = sorted(CHINESE_LEXICON, key=len, reverse=True)

_vader = None
_snownlp = None


def _vader_analyzer():
    global _vader
    if _vader is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        analyzer = SentimentIntensityAnalyzer()
        analyzer.lexicon.update(ENGLISH_LEXICON)
        _vader = analyzer
    return _vader


def _snow():
    global _snownlp
    if _snownlp is None:
        from snownlp import SnowNLP

        _snownlp = SnowNLP
    return _snownlp


def plain_text(text):
    """``text`` without markup, entities and repeated spaces, NFKC-normalised."""
    if not text:
        return ""
    text = TAGS.sub(" ", str(text))
    text = ENTITIES.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    return SPACES.sub(" ", text).strip()


def language(text):
    """``zh``, ``en``, ``mixed`` or ``""`` (no letters) from the scripts of ``text``.

    A few Latin letters in Chinese text (product names: "Gantt", "API") do
    not make it mixed; it is mixed when each script has a fair share."""
    text = plain_text(text)
    han = len(HAN.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]{2,}", text))
    if not han and not latin_words:
        return ""
    if not han:
        return "en"
    if not latin_words:
        return "zh"
    # a Han character weighs about half an English word of information
    han_weight, latin_weight = han / 2.0, float(latin_words)
    if latin_weight < 0.25 * han_weight or latin_words <= 2:
        return "zh"
    if han_weight < 0.25 * latin_weight:
        return "en"
    return "mixed"


def _segments(text):
    """[(script, run)] with script ``zh`` or ``en``, in order."""
    segments = []
    position = 0
    for match in HAN_RUN.finditer(text):
        run = match.group()
        if not HAN.search(run):
            continue
        if match.start() > position:
            segments.append(("en", text[position:match.start()]))
        segments.append(("zh", run))
        position = match.end()
    if position < len(text):
        segments.append(("en", text[position:]))
    return [(script, run.strip()) for script, run in segments
            if run.strip() and (script == "zh" or LATIN.search(run))]


def _squash(value):
    """−∞…∞ to −1…1, linear near 0."""
    return max(-1.0, min(1.0, value / (1.0 + abs(value) * 0.35)))


def english_score(text):
    analyzer = _vader_analyzer()
    compound = analyzer.polarity_scores(text)["compound"]
    lowered = text.lower()
    bonus = sum(value for phrase, value in ENGLISH_PHRASES if phrase in lowered)
    return max(-1.0, min(1.0, compound + bonus))


def chinese_lexicon_score(text):
    """(sum of valences, hits) of the Chinese lexicon in ``text``: longest
    words first, a negator just before flips (and halves) a word, an
    intensifier before it strengthens it."""
    total, hits = 0.0, 0
    taken = [False] * len(text)
    for word in _CHINESE_KEYS:
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if not any(taken[start:end]):
                for index in range(start, end):
                    taken[index] = True
                value = CHINESE_LEXICON[word]
                before = text[max(0, start - 3):start]
                for intensifier, factor in CHINESE_INTENSIFIERS.items():
                    if before.endswith(intensifier):
                        value *= factor
                        break
                if any(before.endswith(negator) for negator in CHINESE_NEGATORS) and not word.startswith("不"):
                    value = -value * 0.5
                total += value
                hits += 1
            start = text.find(word, end)
    return total, hits


SNOWNLP_CHARS = 120


def snownlp_score(text):
    """snownlp's view in −1…1, damped: only its confident readings count
    (it reads plain support questions as mildly negative)."""
    try:
        probability = _snow()(text[:SNOWNLP_CHARS]).sentiments
    except Exception:  # noqa: BLE001 - a library failure leaves the lexicon alone
        probability = 0.5
    snow = 2 * probability - 1
    return 0.0 if abs(snow) < 0.6 else (snow - 0.6 * (1 if snow > 0 else -1)) / 0.4


def chinese_score(text):
    """The support lexicon when it finds something; else snownlp's damped
    reading (its segmenter costs milliseconds: it runs only when needed)."""
    lexicon, hits = chinese_lexicon_score(text)
    if not hits:
        return max(-1.0, min(1.0, 0.25 * snownlp_score(text)))
    return max(-1.0, min(1.0, _squash(total_to_scale(lexicon))))


def total_to_scale(total):
    """Lexicon sums grow with the number of hits: a couple of strong words
    already make a very negative (or positive) message."""
    return total * 1.0


def sentiment(text):
    """The mood of ``text`` from −1 (very negative) to 1 (very positive);
    0.0 for text with no words (empty, markup only)."""
    text = plain_text(text)[:MAX_CHARS]
    segments = _segments(text)
    if not segments:
        return 0.0
    # The runs of each script read together: a mixed message's Chinese
    # words add up in one lexicon reading, its English ones in one VADER pass.
    by_script = {}
    for script, run in segments:
        by_script.setdefault(script, []).append(run)
    weighted, weights = 0.0, 0.0
    for script, runs in by_script.items():
        run = " ".join(runs)
        # a Han character carries about two English letters' worth of text
        weight = len(run) * (2.0 if script == "zh" else 1.0)
        score = chinese_score(run) if script == "zh" else english_score(run)
        weighted += score * weight
        weights += weight
    return round(weighted / weights, 4) if weights else 0.0


def level(score):
    """One of ``LEVELS`` for a score in −1…1 (``None`` stays ``None``)."""
    if score is None:
        return None
    for name, bound in zip(LEVELS, LEVEL_BOUNDS):
        if score <= bound:
            return name
    return LEVELS[-1]


def negative_share(scores):
    """Share (%) of negative scores among ``scores``; ``None`` without any."""
    scores = [score for score in scores if score is not None]
    if not scores:
        return None
    return round(100.0 * sum(1 for score in scores if level(score) in NEGATIVE_LEVELS) / len(scores), 2)


def is_upset(level_name):
    return level_name in NEGATIVE_LEVELS
