import pytest

from cs_engine.knowledge import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TOKENS,
    bound_limit,
    clean_query,
    grouped_tsquery_text,
    index_text,
    is_deflected,
    knowledge_gaps,
    merge_ranked,
    percentile,
    precision_at_k,
    query_tokens,
    relaxed_tsquery_text,
    script_groups,
    summary_text,
    tokenize,
    tsquery_text,
)


def test_chinese_is_segmented_into_words():
    assert "登录" in tokenize("无法登录")
    assert {"登录", "失败"} <= set(tokenize("登录失败怎么办"))


def test_chinese_function_words_are_dropped():
    tokens = tokenize("登录失败怎么办")
    assert "怎么办" not in tokens and "怎么" not in tokens


def test_english_words_are_lower_cased():
    assert tokenize("Configuring the VPN") == ["configuring", "the", "vpn"]


def test_mixed_text_keeps_both_scripts():
    tokens = tokenize("ERP登录失败 error 500")
    assert tokens[0] == "erp"
    assert {"登录", "失败", "error", "500"} <= set(tokens)


def test_accented_words_stay_whole():
    assert tokenize("Réinitialiser le mot de passe") == ["réinitialiser", "le", "mot", "de", "passe"]


def test_words_keep_their_combining_marks():
    assert tokenize("पासवर्ड रीसेट करें") == ["पासवर्ड", "रीसेट", "करें"]
    assert tokenize("Пароль не подходит") == ["пароль", "не", "подходит"]


def test_full_width_letters_are_normalised():
    assert tokenize("ＥＲＰ 登录") == ["erp", "登录"]


def test_underscores_and_punctuation_split_words():
    assert tokenize("reset_password, now!") == ["reset", "password", "now"]


def test_query_is_cleaned_and_bounded():
    assert clean_query("  <b>VPN</b>\x00 down\n\n ") == "VPN down"
    assert clean_query(None) == ""
    assert len(clean_query("x" * 10_000)) == MAX_QUERY_CHARS


def test_query_tokens_are_distinct_and_bounded():
    assert query_tokens("vpn VPN vpn") == ["vpn"]
    many = " ".join(f"word{i}" for i in range(100))
    assert len(query_tokens(many)) == MAX_QUERY_TOKENS
    assert query_tokens("   ") == []


def test_tsquery_quotes_every_token():
    assert tsquery_text(["无法", "登录"]) == "'无法' | '登录'"
    assert tsquery_text(["it's", "a\\b"]) == "'it''s' | 'ab'"
    assert tsquery_text([]) == ""
    assert tsquery_text(["无法", "登录"], match_all=True) == "'无法' & '登录'"


def test_tsquery_cannot_be_injected():
    text = tsquery_text(query_tokens("a & !b | c:* <-> (d)"))
    assert text == "'a' | 'b' | 'c' | 'd'"


def test_index_text_is_bounded():
    assert len(index_text("a " * 100_000).split()) <= 25_000


def test_merge_puts_fulltext_first_without_duplicates():
    assert merge_ranked([(1, 0.2), (2, 0.9)], [(3, 0.8), (2, 0.5)], limit=5) == [2, 1, 3]
    assert merge_ranked([(1, 0.2), (2, 0.9)], [(3, 0.8)], limit=2) == [2, 1]
    assert merge_ranked([(5, 0.1)], [(1, 0.2), (5, 0.9)], [(3, 0.8)], limit=5) == [5, 1, 3]
    assert merge_ranked([], [], limit=3) == []


def test_limit_is_bounded():
    assert bound_limit(None) == 5
    assert bound_limit("abc") == 5
    assert bound_limit(0) == 1
    assert bound_limit(10_000) == 50
    assert bound_limit("3") == 3


def test_deflection_needs_an_opened_article_and_no_ticket():
    assert is_deflected([4], ticket_filed=False)
    assert not is_deflected([4], ticket_filed=True)
    assert not is_deflected([], ticket_filed=False)


def test_gaps_are_topics_with_tickets_and_no_helpful_article():
    gaps = knowledge_gaps({"login": 10, "vpn": 5, "print": 1, "mail": 4}, {"vpn": 3}, min_tickets=3)
    assert gaps == [("login", 10, 0), ("mail", 4, 0)]


def test_precision_and_percentile():
    assert precision_at_k([1, 2, 3, 4], {1, 3}) == 2 / 3
    assert precision_at_k([], {1}) == 0.0
    assert percentile(list(range(1, 101)), 95) == 95
    assert percentile(list(range(1, 101)), 50) == 50
    assert percentile([], 50) == 0.0


def test_mixed_queries_match_each_script_together():
    assert script_groups(["invoice", "发票", "金额", "wrong"]) == [["发票", "金额"], ["invoice", "wrong"]]
    assert grouped_tsquery_text(["invoice", "发票", "金额"]) == "('发票' & '金额') | ('invoice')"
    assert grouped_tsquery_text(["vpn", "down"]) == "'vpn' & 'down'"
    assert script_groups([]) == []


def test_relaxed_query_drops_one_word_of_short_queries():
    assert relaxed_tsquery_text(["a", "b"]) == "'a' | 'b'"
    assert relaxed_tsquery_text(["a", "b", "c"]) == "('b' & 'c') | ('a' & 'c') | ('a' & 'b')"
    assert relaxed_tsquery_text(list("abcde")) == "'a' | 'b' | 'c' | 'd' | 'e'"
    assert relaxed_tsquery_text(["无法", "登录", "something", "broke"]) == "'无法' | '登录' | 'something' | 'broke'"


def test_summary_keeps_chinese_full_width_punctuation():
    text = "已关闭，重新输入密码。账号被锁定；请联系管理员：先检查网络！为什么？步骤、说明"
    assert summary_text(f"<p>{text}</p>") == text


def test_summary_has_no_space_after_full_width_punctuation():
    assert summary_text("<li>确认大小写锁定键已关闭。</li><li>重新输入密码！</li><li>第三步</li>") == (
        "确认大小写锁定键已关闭。重新输入密码！第三步"
    )
    assert summary_text("<p>Step one.</p><p>Step two</p>") == "Step one. Step two"


def test_summary_keeps_full_width_letters_as_written():
    assert summary_text("ＶＰＮ 无法连接") == "ＶＰＮ 无法连接"


def test_summary_drops_markup_and_repeated_spaces():
    assert summary_text("  <b>VPN</b>\x00 down\n\n  again ") == "VPN down again"
    assert summary_text(None) == ""


def test_long_summary_is_cut_with_an_ellipsis():
    summary = summary_text("密码" * 200, max_chars=20)
    assert len(summary) == 20
    assert summary.endswith("…")
    assert summary_text("密码" * 10, max_chars=20) == "密码" * 10


def test_text_without_chinese_does_not_load_jieba(monkeypatch):
    import cs_engine.knowledge as knowledge

    def no_jieba():
        raise AssertionError("jieba loaded for text without Chinese")

    monkeypatch.setattr(knowledge, "_jieba", no_jieba)
    assert tokenize("The label printer stopped") == ["the", "label", "printer", "stopped"]
    with pytest.raises(AssertionError):
        tokenize("打印机 stopped")
