# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class SlmReview(models.Model):
    _inherit = "slm.review"

    def _slm_breach_groupby(self):
        # Breaches put down to a UC are counted per vendor (seed §2.7 (3)).
        return [*super()._slm_breach_groupby(), "breach_vendor_id"]
