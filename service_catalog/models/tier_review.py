# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class TierReview(models.Model):
    _inherit = "tier.review"

    slm_guarded = fields.Boolean(
        string="Service Level Review",
        readonly=True,
        index=True,
        help="A review of a service level document: nobody writes it directly, it changes only when its "
        "reviewer validates or rejects the document.",
    )
    slm_reviewer_ids = fields.Many2many(
        "res.users",
        "tier_review_slm_reviewer_rel",
        "review_id",
        "user_id",
        string="Reviewers when Requested",
        readonly=True,
        help="Service level documents are reviewed by the reviewers of the moment approval was requested: "
        "joining or leaving the reviewing group later changes nothing for it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        for review in reviews:
            if review.model and hasattr(self.env[review.model], "_slm_approved_state"):
                review.sudo().write(
                    {"slm_guarded": True, "slm_reviewer_ids": [(6, 0, review.reviewer_ids.ids)]}
                )
        return reviews

    def _get_reviewers(self):
        return self.slm_reviewer_ids or super()._get_reviewers()
