from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools.misc import get_lang

from odoo.addons.rating.controllers.main import Rating
from odoo.addons.rating.models.rating_data import (
    RATING_HAPPY_VALUE,
    RATING_NEUTRAL_VALUE,
    RATING_UNHAPPY_VALUE,
    _rating_to_threshold,
)

from ..engine import voice

ODOO_RATES = (RATING_UNHAPPY_VALUE, RATING_NEUTRAL_VALUE, RATING_HAPPY_VALUE)


class RatingPage(Rating):
    """Odoo's rating page (`/rate/<token>/...`) for every method: a logged-in
    visitor rates only their own company's rating (a forwarded token is not
    enough), a refusal names nothing, and a score off the scale gets a clear
    page instead of a server error."""

    @http.route()
    def action_open_rating(self, token, rate, **kwargs):
        rating, record_sudo = self._get_rating_and_record(token)
        if not self._cs_visitor_may_rate(rating):
            return self._cs_refusal()
        if rate not in self._cs_valid_rates(rating):
            return self._cs_invalid_rate(rating, rate)
        # Odoo's page has three faces: a 2 or a 4 of our 1-5 scale opens it on
        # the face Odoo's own thresholds give it (a POST saves any 1-5 as is).
        return super().action_open_rating(token, _rating_to_threshold(rate), **kwargs)

    @http.route()
    def action_submit_rating(self, token, rate=0, **kwargs):
        rating, record_sudo = self._get_rating_and_record(token)
        if not self._cs_visitor_may_rate(rating):
            return self._cs_refusal()
        if request.httprequest.method != "POST":
            return super().action_submit_rating(token, rate=rate, **kwargs)
        try:
            rate = int(rate)
        except (TypeError, ValueError):
            return self._cs_invalid_rate(rating, rate)
        if rate not in self._cs_valid_rates(rating):
            return self._cs_invalid_rate(rating, rate)
        # Odoo's own POST accepts only its three faces: apply the score here
        # (2 and 4 are scores of the ticket's 1-5 scale) and show its thanks page.
        try:
            record_sudo.rating_apply(rate, rating=rating, feedback=kwargs.get("feedback"), subtype_xmlid=None)
        except ValidationError:
            return self._cs_invalid_rate(rating, rate)
        lang = rating.partner_id.lang or get_lang(request.env).code
        return request.env["ir.ui.view"].with_context(lang=lang)._render_template(
            "rating.rating_external_page_view", {"web_base_url": rating.get_base_url(), "rating": rating})

    def _cs_visitor_may_rate(self, rating):
        user = request.env.user
        return user._is_public() or (
            user.partner_id.commercial_partner_id == rating.partner_id.commercial_partner_id)

    def _cs_valid_rates(self, rating):
        if rating.res_model == "helpdesk.ticket":
            low, high = voice.CSAT_SCALE
            return range(low, high + 1)
        return ODOO_RATES

    def _cs_page(self, lang, title, message, status):
        html = request.env["ir.ui.view"].with_context(lang=lang)._render_template(
            "customer_success_sla.rating_page_message",
            {"title": title, "message": message},
        )
        return request.make_response(html, status=status)

    def _cs_refusal(self):
        """The same page whatever the rating: nothing of the other customer's
        ticket (name, number, model) is shown."""
        lang = get_lang(request.env).code
        env = request.env(context=dict(request.env.context, lang=lang))
        return self._cs_page(
            lang, env._("This rating link is not yours"),
            env._("This link was sent to another customer. Please use the rating link of your own "
                  "ticket, or rate it from your tickets in the portal."),
            403,
        )

    def _cs_invalid_rate(self, rating, rate):
        lang = rating.partner_id.lang or get_lang(request.env).code
        env = request.env(context=dict(request.env.context, lang=lang))
        if rating.res_model == "helpdesk.ticket":
            low, high = voice.CSAT_SCALE
            message = env._("A satisfaction score goes from %(low)s (unhappy) to %(high)s (very happy); "
                            "\"%(rate)s\" is not one. Please choose a score on the rating page.",
                            low=low, high=high, rate=rate)
        else:
            message = env._("\"%(rate)s\" is not a rating: please choose %(unhappy)s, %(neutral)s or "
                            "%(happy)s on the rating page.", rate=rate, unhappy=RATING_UNHAPPY_VALUE,
                            neutral=RATING_NEUTRAL_VALUE, happy=RATING_HAPPY_VALUE)
        return self._cs_page(lang, env._("This rating could not be saved"), message, 400)
