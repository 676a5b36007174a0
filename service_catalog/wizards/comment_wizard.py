# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models
from odoo.exceptions import AccessError


class CommentWizard(models.TransientModel):
    _inherit = "comment.wizard"

    def add_comment(self):
        self.ensure_one()
        if not self.review_ids.filtered("slm_guarded"):
            return super().add_comment()
        # Reviews of service level documents are written by the system, once it checked that they
        # are this reviewer's own open reviews of this document.
        if any(
            review.model != self.res_model
            or review.res_id != self.res_id
            or review.status not in ("waiting", "pending")
            or self.env.user not in review.reviewer_ids
            for review in self.review_ids
        ):
            raise AccessError(self.env._("You may only comment your own open reviews of this document."))
        return super(CommentWizard, self.sudo()).add_comment()
