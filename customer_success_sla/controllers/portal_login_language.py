from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.web import Home


class LoginLanguage(Home):
    @http.route()
    def web_login(self, redirect=None, **kw):
        """Open the portal in the user's own language after logging in.

        Without the website module, the portal's language comes from the
        ``frontend_lang`` cookie, which the first page after the login sets
        to the default language: a Chinese customer would land on English
        pages until picking Chinese in the footer."""
        response = super().web_login(redirect=redirect, **kw)
        if request.httprequest.method == "POST" and request.session.uid and 300 <= response.status_code < 400:
            lang = request.env["res.users"].sudo().browse(request.session.uid).lang
            if lang:
                response.set_cookie("frontend_lang", lang)
        return response
