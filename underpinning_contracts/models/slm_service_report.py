# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class SlmServiceReport(models.Model):
    """Breaches put down to a UC name the vendor (seed §2.7 (3))."""

    _inherit = "slm.service.report"

    def _slm_cause_groupby(self):
        return [*super()._slm_cause_groupby(), "breach_vendor_id"]

    def _slm_breach_parties(self):
        start, end = self._slm_bounds()
        clocks = (
            self.env["slm.clock"]
            .sudo()
            .search_read(
                [*self._slm_breach_domain(self.agreement_id, start, end), ("breach_vendor_id", "!=", False)],
                ["breach_vendor_id"],
            )
        )
        return {**super()._slm_breach_parties(), **{c["id"]: c["breach_vendor_id"][1] for c in clocks}}
