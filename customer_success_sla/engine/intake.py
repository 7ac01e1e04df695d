"""Incoming mail: auto-replies, and the sender's company domain."""

from email.utils import parseaddr

# Personal mailbox providers: sharing one says nothing about the company.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "yahoo.com", "yahoo.co.jp", "icloud.com", "me.com", "aol.com", "gmx.com", "gmx.de",
        "proton.me", "protonmail.com", "mail.com", "yandex.ru", "qq.com", "163.com",
        "126.com", "sina.com", "sohu.com", "foxmail.com", "139.com", "aliyun.com",
    }
)
AUTO_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})


def is_auto_submitted(headers):
    """True for auto-replies and machine mail (RFC 3834 and common vendor
    headers), which must never open a ticket: two auto-responders would
    otherwise feed each other a ticket storm."""
    get = headers.get
    auto_submitted = (get("Auto-Submitted") or "").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if (get("Precedence") or "").strip().lower() in AUTO_PRECEDENCE:
        return True
    if get("X-Autoreply") or get("X-Autorespond") or get("X-Auto-Reply"):
        return True
    suppress = (get("X-Auto-Response-Suppress") or "").lower()
    return "all" in suppress or "oof" in suppress


def email_domain(address):
    """The lower-cased domain of an address, or '' when there is none."""
    _name, email = parseaddr(address or "")
    if "@" not in email:
        return ""
    return email.rsplit("@", 1)[1].strip().lower()


def company_domain(address):
    """The domain when it can identify a company (not a free-mail provider)."""
    domain = email_domain(address)
    return "" if domain in FREE_MAIL_DOMAINS else domain
