import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

# What data/cs_health_data.xml sets on the shipped tiers (their file is noupdate).
TIER_HEALTH = {
    "customer_success_sla.tier_vip": {
        "health_profile_id": "customer_success_sla.health_profile_vip",
        "inspection_interval_days": 30, "business_review_interval_days": 90, "service_report_frequency": "weekly",
    },
    "customer_success_sla.tier_core": {
        "health_profile_id": "customer_success_sla.health_profile_default",
        "business_review_interval_days": 90, "service_report_frequency": "monthly",
    },
    "customer_success_sla.tier_standard": {
        "health_profile_id": "customer_success_sla.health_profile_default", "service_report_frequency": "monthly",
    },
}


def _set_tier_health(env):
    for tier_xmlid, values in TIER_HEALTH.items():
        tier = env.ref(tier_xmlid, raise_if_not_found=False)
        profile = env.ref(values["health_profile_id"], raise_if_not_found=False)
        if tier and profile and not tier.health_profile_id:
            tier.write({**values, "health_profile_id": profile.id})


def _refresh_acknowledgement(env):
    """The acknowledgement now lists knowledge articles. Reload it from the
    file unless an administrator has edited it, which we must not undo."""
    template = env.ref("customer_success_sla.mail_template_ticket_acknowledgement", raise_if_not_found=False)
    if not template or "cs_ack_article_ids" in (template.body_html or ""):
        return
    if template.write_date != template.create_date:
        _logger.info("Acknowledgement template edited by hand: knowledge suggestions not added to it.")
        return
    template.reset_template()


def migrate(cr, version):
    """19.0.1.6.0: customer health and knowledge base on existing databases."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _set_tier_health(env)
    _refresh_acknowledgement(env)
