import pytest

from cs_engine.intake import company_domain, email_domain, is_auto_submitted


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Auto-Submitted": "auto-generated"},
        {"Precedence": "bulk"},
        {"Precedence": "auto_reply"},
        {"X-Autoreply": "yes"},
        {"X-Auto-Response-Suppress": "All"},
    ],
)
def test_machine_mail_is_detected(headers):
    assert is_auto_submitted(headers)


@pytest.mark.parametrize("headers", [{}, {"Auto-Submitted": "no"}, {"Precedence": "first-class"}])
def test_people_mail_is_not(headers):
    assert not is_auto_submitted(headers)


def test_domains():
    assert email_domain('"Zhang Min" <Zhang.Min@HuaChen.example.CN>') == "huachen.example.cn"
    assert email_domain("not an address") == ""
    assert company_domain("someone@gmail.com") == ""
    assert company_domain("someone@qq.com") == ""
    assert company_domain("a@acme.example.com") == "acme.example.com"
