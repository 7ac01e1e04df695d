"""Knowledge base search: cleaning and bounding queries, tokenising Chinese,
English and mixed text, the PostgreSQL tsquery text, merging full-text and
trigram results, and the deflection / gap decisions.

Chinese has no spaces between words: runs of Han characters are segmented
by jieba (a dictionary + HMM segmenter from PyPI). Other scripts are split
on word boundaries and lower-cased; PostgreSQL's ``english`` text search
configuration then stems them (``configuring`` → ``configur``) both in the
stored ``tsvector`` and in the query, so both sides agree.
"""

import logging
import math
import re
import unicodedata

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12
# Longest text indexed per article part: bounds the tsvector (PostgreSQL
# refuses more than 1 MB) and the time spent segmenting.
MAX_INDEX_CHARS = 50_000
# Length of an article's summary in lists and suggestions.
SUMMARY_CHARS = 220

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
TAGS = re.compile(r"<[^>]*>")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SPACES = re.compile(r"\s+")
# Chinese sets no space after its full-width punctuation; markup boundaries would add one.
SPACE_AFTER_FULL_WIDTH_PUNCTUATION = re.compile(r"(?<=[，。；：！？、）」』》】])\s+")

# Function words that say nothing about the topic ("how do I…", "what is…").
CHINESE_STOPWORDS = frozenset(
    "的 了 吗 呢 吧 啊 呀 么 是 我 我们 你 您 他 她 它 在 和 与 及 或 也 都 就 把 被 请 请问 "
    "怎么 怎么办 怎样 如何 什么 为什么 为何 哪里 哪个 一个 这个 那个 这 那 时候 时 后 "
    "可以 能否 是否 一下 还是 已经 有 没有 要 会".split()
)

_segmenter = None


def _jieba():
    """jieba, loaded once (its dictionary takes about a second to build)."""
    global _segmenter
    if _segmenter is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _segmenter = jieba
    return _segmenter


def preload_segmenter():
    """Load jieba now rather than at the first Chinese text."""
    _jieba()


def clean_query(text, max_chars=MAX_QUERY_CHARS):
    """The text a search runs on: markup, control characters and repeated
    spaces removed, Unicode normalised (full-width letters become ASCII),
    cut to ``max_chars`` characters."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = TAGS.sub(" ", text)
    text = CONTROL.sub(" ", text)
    return SPACES.sub(" ", text).strip()[:max_chars].strip()


def summary_text(text, max_chars=SUMMARY_CHARS):
    """An article's text as shown in lists: markup, control characters and
    repeated spaces removed, cut to ``max_chars`` characters with an
    ellipsis. Unlike a query, it is not Unicode-normalised: the author's
    full-width punctuation (，。；：！？) stays as written, with no space after it."""
    if not text:
        return ""
    text = TAGS.sub(" ", str(text))
    text = SPACES.sub(" ", CONTROL.sub(" ", text)).strip()
    text = SPACE_AFTER_FULL_WIDTH_PUNCTUATION.sub("", text)
    return text if len(text) <= max_chars else text[:max_chars - 1].rstrip() + "…"


def words(text):
    """Runs of letters, digits and combining marks, whatever the script
    (Devanagari vowel signs, Arabic diacritics… belong to their word);
    anything else, the underscore included, separates words."""
    result = []
    current = []
    for char in text:
        if unicodedata.category(char)[0] in "LNM":
            current.append(char)
        elif current:
            result.append("".join(current))
            current = []
    if current:
        result.append("".join(current))
    return result


def tokenize(text, segment=None):
    """Words of ``text``: Han runs segmented by jieba (search mode, which
    also yields the shorter words inside long ones), other words lower-cased;
    Chinese function words dropped. ``segment`` replaces jieba in tests."""
    if not text:
        return []
    # jieba is loaded for the first Han run, not for text without any
    segment = segment or (lambda run: _jieba().cut_for_search(run))
    tokens = []
    position = 0
    text = unicodedata.normalize("NFKC", text)
    for match in HAN_RUN.finditer(text):
        tokens.extend(word.lower() for word in words(text[position:match.start()]))
        tokens.extend(
            word for word in segment(match.group()) if word.strip() and word not in CHINESE_STOPWORDS
        )
        position = match.end()
    tokens.extend(word.lower() for word in words(text[position:]))
    return tokens


def index_text(text, max_chars=MAX_INDEX_CHARS):
    """Space-joined tokens of an article part, as fed to ``to_tsvector``."""
    return " ".join(tokenize((text or "")[:max_chars]))


def query_tokens(text, max_tokens=MAX_QUERY_TOKENS):
    """Distinct tokens of a cleaned query, in order, at most ``max_tokens``."""
    seen = []
    for token in tokenize(clean_query(text)):
        if token not in seen:
            seen.append(token)
        if len(seen) == max_tokens:
            break
    return seen


def tsquery_text(tokens, match_all=False):
    """A ``to_tsquery`` text matching all of ``tokens`` (AND) or any of them
    (OR). Each token is quoted, so no user input is read as a tsquery
    operator."""
    operator = " & " if match_all else " | "
    return operator.join("'%s'" % token.replace("\\", "").replace("'", "''") for token in tokens if token)


def script_groups(tokens):
    """Tokens split by script, Chinese first: a mixed query often says the
    same thing twice ("invoice 发票"), so each script's words are matched
    together."""
    han = [token for token in tokens if HAN_RUN.fullmatch(token)]
    other = [token for token in tokens if not HAN_RUN.fullmatch(token)]
    return [group for group in (han, other) if group]


def grouped_tsquery_text(tokens):
    """A ``to_tsquery`` text matching the articles that contain every word
    of at least one script: ``('发票' & '金额') | ('invoice')``; for a query in
    one script, all its words."""
    groups = script_groups(tokens)
    if len(groups) == 1:
        return tsquery_text(groups[0], match_all=True)
    return " | ".join(f"({tsquery_text(group, match_all=True)})" for group in groups)


def relaxed_tsquery_text(tokens, max_all_but_one=4):
    """The fallback when no article has every word: per script, articles
    with all its words but one for three or four words (still selective),
    with any of them otherwise."""
    parts = []
    for group in script_groups(tokens):
        if 3 <= len(group) <= max_all_but_one:
            parts.extend(
                f"({tsquery_text(group[:skip] + group[skip + 1:], match_all=True)})" for skip in range(len(group))
            )
        else:
            parts.append(tsquery_text(group))
    return " | ".join(parts)


def merge_ranked(*groups, limit):
    """Ids of the best articles, each once, at most ``limit``: the groups in
    order of trust (articles with every word, then with any word, then
    typo-tolerant title matches), each group by score. A group is a list of
    rows starting with ``(id, score)``."""
    result = []
    for rows in groups:
        for row in sorted(rows, key=lambda row: (-row[1], row[0])):
            if row[0] not in result:
                result.append(row[0])
    return result[:max(limit, 0)]


def bound_limit(limit, default=5, maximum=50):
    """A usable result count: ``default`` when missing or invalid, at most ``maximum``."""
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        return default
    return min(max(limit, 1), maximum)


def is_deflected(opened_article_ids, ticket_filed):
    """A customer who opened a suggested article and then did not file the
    ticket was helped by the knowledge base."""
    return bool(opened_article_ids) and not ticket_filed


def knowledge_gaps(ticket_counts, helpful_counts, min_tickets=3, min_helpful=1):
    """Topics (categories or searched terms) with at least ``min_tickets``
    tickets and fewer than ``min_helpful`` helpful votes on their articles,
    most tickets first: ``[(topic, tickets, helpful)]``."""
    gaps = [
        (topic, tickets, helpful_counts.get(topic, 0))
        for topic, tickets in ticket_counts.items()
        if tickets >= min_tickets and helpful_counts.get(topic, 0) < min_helpful
    ]
    return sorted(gaps, key=lambda gap: (-gap[1], str(gap[0])))


def precision_at_k(ranked_ids, relevant_ids, k=3):
    """Share of the first ``k`` results that are relevant (an empty result
    list counts as 0)."""
    top = list(ranked_ids)[:k]
    if not top:
        return 0.0
    return sum(1 for article_id in top if article_id in relevant_ids) / k


def percentile(values, percent):
    """The ``percent``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = math.ceil(percent / 100 * len(ordered))
    return ordered[min(max(rank, 1), len(ordered)) - 1]
