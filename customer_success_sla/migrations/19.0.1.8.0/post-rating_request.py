"""19.0.1.8.0: helpdesk_mgmt_rating's rating request greets the customer by
name and reads cleanly. New databases get it from the data file at install;
on existing ones the record (noupdate) is rewritten from that file here,
unless an administrator has edited it, which we must not undo."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools.convert import convert_file

_logger = logging.getLogger(__name__)

TEMPLATE = "helpdesk_mgmt_rating.rating_ticket_email_template"
DATA_FILE = "data/helpdesk_rating_mail_template_data.xml"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(TEMPLATE, raise_if_not_found=False)
    if not template:
        return
    if template.write_date != template.create_date:
        _logger.info("Rating request template edited by hand: left as it is.")
        return
    # "init": a noupdate file's records are written as at install
    convert_file(env, "customer_success_sla", DATA_FILE, {}, mode="init", noupdate=True)
