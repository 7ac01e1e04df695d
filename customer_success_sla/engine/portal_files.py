"""Which files a customer may attach to a ticket from the portal.

Plain data in, a problem code out: the model turns the code into a message
in the customer's language.
"""

import os
import re

DEFAULT_MAX_MB = 10
DEFAULT_FORBIDDEN_EXTENSIONS = "exe,bat,cmd,com,msi,scr,vbs,js,jar,ps1,sh,dll,apk"
# Run by Windows or a shell on a double click whatever the setting says.
ALWAYS_FORBIDDEN_EXTENSIONS = frozenset({
    "exe", "com", "scr", "pif", "cpl", "msi", "msp", "msc", "dll", "sys", "bat", "cmd", "vbs", "vbe", "js",
    "jse", "wsf", "wsh", "ws", "hta", "ps1", "psm1", "reg", "lnk", "scf", "inf", "jar", "sh", "app", "apk",
    "appref-ms", "application", "gadget", "xbap", "url",
})
# How many leading bytes the content checks read.
HEAD_BYTES = 64 * 1024

TOO_LARGE = "too_large"
FORBIDDEN_TYPE = "forbidden_type"
EXECUTABLE_CONTENT = "executable_content"
UNSAFE_NAME = "unsafe_name"

# Bidirectional controls make "invoice\u202eexe.pdf" display as "invoicefdp.exe".
BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
EXECUTABLE_SIGNATURES = (
    b"\x7fELF",  # Linux and Unix
    b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary, Java class
    b"#!",  # shebang script
    b"\x00asm",  # WebAssembly
)
EXECUTABLE_MIMETYPES = frozenset({
    "application/x-dosexec", "application/x-msdownload", "application/vnd.microsoft.portable-executable",
    "application/x-executable", "application/x-sharedlib", "application/x-pie-executable",
    "application/x-mach-binary", "application/x-elf", "application/x-sh", "application/x-shellscript",
    "text/x-shellscript", "application/x-msi", "application/x-ms-installer", "application/x-ms-shortcut",
    "application/hta", "application/x-bat", "application/x-msdos-program", "text/x-msdos-batch",
    "application/x-java-applet", "application/java-vm",
})
# HTML applications and pages carrying scripts (a <script>, or an on...=
# event handler after an <html> tag), within the bytes read. Simple patterns
# searched one after the other: a ".*" between them is quadratic on bytes
# that repeat "<html>".
_SCRIPT_MARKUP = re.compile(rb"<\s*(hta:application|script\b)", re.I)
_HTML_TAG = re.compile(rb"<\s*html", re.I)
_EVENT_HANDLER = re.compile(rb"\bon[a-z]+\s*=", re.I)
# Byte order marks that may precede a signature.
_LEADING = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def parse_extensions(text):
    """'exe, .BAT;js' -> {'exe', 'bat', 'js'}"""
    parts = (text or "").replace(";", ",").replace(" ", ",").split(",")
    return {part.strip().lstrip(".").lower() for part in parts if part.strip().lstrip(".")}


def parse_max_bytes(text, default_mb=DEFAULT_MAX_MB):
    """The size limit in bytes from a number of megabytes; a bad or
    non-positive setting falls back to the default rather than lifting it."""
    try:
        megabytes = float(text)
    except (TypeError, ValueError):
        megabytes = default_mb
    if megabytes <= 0:
        megabytes = default_mb
    return int(megabytes * 1024 * 1024)


def file_extensions(filename):
    """Every suffix of the name, so that 'invoice.pdf.exe' and 'tool.exe.'
    are both seen as executables."""
    name = os.path.basename((filename or "").replace("\\", "/")).lower().rstrip(". ")
    return {part for part in name.split(".")[1:] if part}


def unsafe_name(filename):
    """A name that does not show what it is: bidirectional or other control
    characters (a NUL, a line break) in it."""
    return any(char in BIDI_CONTROLS or ord(char) < 32 or ord(char) == 127 for char in filename or "")


def executable_content(head, mimetype=None):
    """True when the first bytes (or the type detected from them) are a
    program or a script, whatever the file's name says."""
    head = head or b""
    for mark in _LEADING:
        if head.startswith(mark):
            head = head[len(mark):]
            break
    if head.startswith(EXECUTABLE_SIGNATURES):
        return True
    # A DOS/Windows header is binary; a text that happens to start with "MZ" is not.
    if head.startswith(b"MZ") and b"\x00" in head[:64]:
        return True
    if (mimetype or "").split(";")[0].strip().lower() in EXECUTABLE_MIMETYPES:
        return True
    return active_markup(head[:HEAD_BYTES])


def active_markup(data):
    """A script, or an event handler anywhere after the first <html ...> tag,
    in linear time."""
    if _SCRIPT_MARKUP.search(data):
        return True
    html = _HTML_TAG.search(data)
    if not html:
        return False
    # the first tag's end: a later "<html" cannot end sooner
    tag_end = data.find(b">", html.end())
    return tag_end >= 0 and bool(_EVENT_HANDLER.search(data, tag_end + 1))


def attachment_problem(filename, size, max_bytes, forbidden_extensions, head=b"", mimetype=None):
    """None when the file is acceptable, else UNSAFE_NAME, FORBIDDEN_TYPE,
    EXECUTABLE_CONTENT or TOO_LARGE (in that order)."""
    if unsafe_name(filename):
        return UNSAFE_NAME
    if file_extensions(filename) & (set(forbidden_extensions) | ALWAYS_FORBIDDEN_EXTENSIONS):
        return FORBIDDEN_TYPE
    if executable_content(head, mimetype):
        return EXECUTABLE_CONTENT
    if size > max_bytes:
        return TOO_LARGE
    return None
