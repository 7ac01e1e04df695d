"""Which files a customer may attach to a ticket from the portal.

Plain data in, a problem code out: the model turns the code into a message
in the customer's language.
"""

import os

DEFAULT_MAX_MB = 10
DEFAULT_FORBIDDEN_EXTENSIONS = "exe,bat,cmd,com,msi,scr,vbs,js,jar,ps1,sh,dll,apk"

TOO_LARGE = "too_large"
FORBIDDEN_TYPE = "forbidden_type"


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


def attachment_problem(filename, size, max_bytes, forbidden_extensions):
    """None when the file is acceptable, else TOO_LARGE or FORBIDDEN_TYPE."""
    if file_extensions(filename) & set(forbidden_extensions):
        return FORBIDDEN_TYPE
    if size > max_bytes:
        return TOO_LARGE
    return None
