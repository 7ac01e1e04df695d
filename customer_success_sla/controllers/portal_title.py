from odoo.http import request


def page_title(*parts):
    """The browser title of a portal page: what the page is, then the
    company (web.layout shows ``title``, else "Odoo")."""
    return " | ".join([part for part in parts if part] + [request.env.company.name or ""]).strip(" |")
