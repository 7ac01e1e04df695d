from cs_engine import portal_files as pf

MB = 1024 * 1024


def test_extensions_are_parsed_case_and_dot_insensitively():
    assert pf.parse_extensions("exe, .BAT;js  msi") == {"exe", "bat", "js", "msi"}
    assert pf.parse_extensions("") == set()
    assert pf.parse_extensions(None) == set()


def test_size_limit_falls_back_to_default_on_bad_setting():
    assert pf.parse_max_bytes("2") == 2 * MB
    assert pf.parse_max_bytes("0.5") == MB // 2
    assert pf.parse_max_bytes("abc") == pf.DEFAULT_MAX_MB * MB
    assert pf.parse_max_bytes("-3") == pf.DEFAULT_MAX_MB * MB
    assert pf.parse_max_bytes(None) == pf.DEFAULT_MAX_MB * MB


def test_double_and_trailing_extensions_are_caught():
    forbidden = pf.parse_extensions(pf.DEFAULT_FORBIDDEN_EXTENSIONS)
    assert pf.attachment_problem("invoice.pdf.exe", 10, MB, forbidden) == pf.FORBIDDEN_TYPE
    assert pf.attachment_problem("tool.EXE.", 10, MB, forbidden) == pf.FORBIDDEN_TYPE
    assert pf.attachment_problem("C:\\Users\\x\\run.bat", 10, MB, forbidden) == pf.FORBIDDEN_TYPE


def test_size_is_checked_after_type():
    forbidden = {"exe"}
    assert pf.attachment_problem("log.txt", MB + 1, MB, forbidden) == pf.TOO_LARGE
    assert pf.attachment_problem("log.txt", MB, MB, forbidden) is None
    assert pf.attachment_problem("big.exe", MB + 1, MB, forbidden) == pf.FORBIDDEN_TYPE


def test_names_without_extension_are_accepted():
    assert pf.attachment_problem("README", 10, MB, {"exe"}) is None
    assert pf.attachment_problem(".bashrc", 10, MB, {"exe"}) is None
