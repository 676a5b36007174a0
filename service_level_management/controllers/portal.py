# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PAGE_SIZE = 20


class ServiceLevelPortal(CustomerPortal):
    """A customer's agreements in force, their targets, latest results and service reports.

    What a portal user sees is decided by the record rules of the portal group, not by sudo.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "agreement_count" in counters:
            Agreement = request.env["slm.agreement"]
            values["agreement_count"] = Agreement.search_count([]) if Agreement.has_access("read") else 0
        return values

    @http.route(["/my/agreements", "/my/agreements/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_agreements(self, page=1, **kw):
        Agreement = request.env["slm.agreement"]
        if not Agreement.has_access("read"):
            return request.redirect("/my")
        count = Agreement.search_count([])
        pager = portal_pager(url="/my/agreements", total=count, page=page, step=PAGE_SIZE)
        agreements = Agreement.search([], order="date_start desc, id desc", limit=PAGE_SIZE,
                                      offset=pager["offset"])  # fmt: skip
        values = self._prepare_portal_layout_values()
        values.update(
            agreements=agreements, pager=pager, page_name="agreements", default_url="/my/agreements"
        )
        return request.render("service_level_management.portal_my_agreements", values)

    @http.route(["/my/agreements/<int:agreement_id>"], type="http", auth="user", website=True)
    def portal_my_agreement(self, agreement_id, **kw):
        agreement = request.env["slm.agreement"].browse(agreement_id).exists()
        if not agreement or not agreement.has_access("read"):
            return request.redirect("/my")
        # Last month's report is made when it is first asked for; earlier ones stay as they were made.
        last_month = fields.Datetime.now().replace(day=1) - timedelta(days=1)
        if agreement.state == "active" and agreement.date_start <= last_month.date():
            request.env["slm.service.report"]._slm_get(agreement, "month", last_month)
        values = self._prepare_portal_layout_values()
        values.update(
            agreement=agreement,
            latest=agreement._slm_portal_latest_results(),
            reports=request.env["slm.service.report"].search([("agreement_id", "=", agreement.id)]),
            page_name="agreement",
        )
        return request.render("service_level_management.portal_my_agreement", values)
