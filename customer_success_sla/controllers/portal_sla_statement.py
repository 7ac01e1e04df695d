from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

from .portal_title import page_title

STATEMENTS_PER_PAGE = 24


class CustomerSuccessStatementPortal(CustomerPortal):
    """The account's monthly SLA statements on the portal, read with the
    visitor's rights: the record rule keeps each customer to their
    company's statements; any other id answers 404."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cs_sla_statement_count" in counters:
            Statement = request.env["cs.sla.statement"]
            values["cs_sla_statement_count"] = Statement.search_count([]) if Statement.has_access("read") else 0
        return values

    def _cs_statement(self, statement_id):
        Statement = request.env["cs.sla.statement"]
        if not Statement.has_access("read"):
            raise NotFound()
        statement = Statement.search([("id", "=", statement_id)], limit=1)
        if not statement:
            raise NotFound()
        return statement

    @http.route(["/my/sla-statements", "/my/sla-statements/page/<int:page>"], type="http", auth="user",
                website=True, sitemap=False)
    def portal_my_sla_statements(self, page=1, **kw):
        Statement = request.env["cs.sla.statement"]
        count = Statement.search_count([]) if Statement.has_access("read") else 0
        pager = portal_pager(url="/my/sla-statements", total=count, page=page, step=STATEMENTS_PER_PAGE)
        statements = Statement.search([], limit=STATEMENTS_PER_PAGE, offset=pager["offset"]) if count else Statement
        values = self._prepare_portal_layout_values()
        values.update(statements=statements, pager=pager, page_name="cs_sla_statements",
                      default_url="/my/sla-statements", title=page_title(request.env._("SLA Statements")))
        return request.render("customer_success_sla.portal_my_sla_statements", values)

    @http.route("/my/sla-statements/<int:statement_id>", type="http", auth="user", website=True, sitemap=False)
    def portal_my_sla_statement(self, statement_id, report_type=None, download=False, **kw):
        statement = self._cs_statement(statement_id)
        if report_type == "pdf":
            return self._show_report(statement, "pdf", "customer_success_sla.action_report_cs_sla_statement",
                                     download=download == "true")
        values = self._prepare_portal_layout_values()
        values.update(statement=statement, page_name="cs_sla_statement",
                      title=page_title(request.env._("SLA Statement %(name)s", name=statement.name)))
        return request.render("customer_success_sla.portal_my_sla_statement", values)
