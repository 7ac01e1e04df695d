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


PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00"
MACHO = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01"
HTA = b"<html><head><HTA:APPLICATION ID='x'/></head><body>hi</body></html>"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def test_executables_are_refused_whatever_their_name():
    for name, head in (("report.pdf", PE), ("scan.jpg", ELF), ("photo.png", MACHO), ("notes.txt", b"#!/bin/sh\n"),
                       ("page.html", HTA), ("page.htm", b"<p>x</p><script>alert(1)</script>"),
                       ("doc.html", b"<html><body onload = 'x()'>"), ("utf8.txt", b"\xef\xbb\xbf#!/usr/bin/env python")):
        assert pf.attachment_problem(name, len(head), MB, set(), head=head) == pf.EXECUTABLE_CONTENT, name


def test_detected_executable_types_are_refused():
    assert pf.attachment_problem("a.pdf", 10, MB, set(), head=b"??", mimetype="application/x-dosexec") \
        == pf.EXECUTABLE_CONTENT
    assert pf.attachment_problem("a.txt", 10, MB, set(), head=b"echo", mimetype="text/x-shellscript; x") \
        == pf.EXECUTABLE_CONTENT


def test_ordinary_content_is_accepted():
    for name, head, mimetype in (("invoice.pdf", PDF, "application/pdf"), ("log.txt", b"MZ is a postcode", "text/plain"),
                                 ("page.html", b"<html><body><p>Based on = the docs</p></body></html>", "text/html"),
                                 ("empty.txt", b"", None)):
        assert pf.attachment_problem(name, len(head), MB, set(), head=head, mimetype=mimetype) is None, name


def test_windows_programs_are_refused_even_when_the_setting_allows_them():
    for name in ("run.hta", "setup.EXE", "x.vbe", "link.lnk", "tool.scr"):
        assert pf.attachment_problem(name, 10, MB, set()) == pf.FORBIDDEN_TYPE, name


def test_names_with_bidirectional_or_control_characters_are_refused():
    for name in ("invoice\u202eexe.pdf", "a\u2066b.txt", "a\u200fb.txt", "a\u061cb.txt", "a\x00.txt", "a\nb.txt"):
        assert pf.attachment_problem(name, 10, MB, set(), head=PDF) == pf.UNSAFE_NAME, repr(name)
    assert pf.attachment_problem("报告 (1).pdf", 10, MB, set(), head=PDF) is None


def test_markup_check_decides_repeated_html_tags_as_before():
    """64 KB of "<html>" took seconds with the former single pattern; the
    decisions stay those of "<html ...> then on...= anywhere after"."""
    repeated = b"<html>" * (pf.HEAD_BYTES // 6)
    assert not pf.executable_content(repeated)
    assert pf.executable_content(repeated[:-100] + b"<body onload='x'>")
    assert not pf.executable_content(b"<html" * (pf.HEAD_BYTES // 5))
    assert not pf.executable_content(b"<p onclick='x'>" + b"<html lang='en'")
    assert pf.executable_content(b"<HTML lang='en'>\n<body\nonLoad = \"run()\">")
    assert pf.executable_content(b"< html>" + b"x" * 1000 + b" onmouseover=1")
    assert not pf.executable_content(b"<html><p>Button: on / off = state</p></html>")
    assert pf.executable_content(b"<html>" * 1000 + b"<script>alert(1)</script>")
