# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        result = super().write(vals)
        # An agreement without schedules has its dates in its company's time zone (slm.agreement.tz), and
        # every worker keeps what tickets may get of it (helpdesk.ticket._slm_scope_terms).
        if "tz" in vals and self.env["res.company"].sudo().search_count(
            [("partner_id", "in", self.ids)], limit=1
        ):
            self.env.registry.clear_cache()
        return result
