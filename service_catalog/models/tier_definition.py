# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    slm_forbid_self_review = fields.Boolean(
        string="Refuse Self-Approval",
        help="The person who requested the approval may not do this review, even if they are a reviewer.",
    )

    @api.model
    def _get_tier_validation_model_names(self):
        return [*super()._get_tier_validation_model_names(), "slm.requirement", "slm.implementation.spec"]
