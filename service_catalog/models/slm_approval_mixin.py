# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from lxml import etree

from odoo import models
from odoo.exceptions import UserError


class SlmApprovalMixin(models.AbstractModel):
    """Approval of service level documents through tier validation.

    A document goes draft → to approve → approved. Requesting approval
    creates the tier reviews (their reviewers are fixed at that moment); when
    the last review is validated the document is approved at once, and a
    rejection sends it back to draft. Configure with class attributes:

    ``_slm_approved_state``
        the state reached when every review is validated.

    The model defines ``state`` with at least ``draft``, ``to_approve`` and
    the approved state.
    """

    _name = "slm.approval.mixin"
    _description = "Service Level Document Approval"
    _inherit = ["mail.thread", "tier.validation"]
    _state_from = ["draft", "to_approve"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False
    _slm_approved_state = "approved"
    # Reviewers only read the documents they review, and may comment on them.
    _mail_post_access = "read"

    def _add_tier_validation_buttons(self, node, params):
        # Our documents are submitted with "Request Approval" (draft -> to approve) and taken
        # back with "Back to Draft": tier validation's own buttons would skip those states.
        return etree.fromstring('<div><field name="validation_status" invisible="1"/></div>')

    def _slm_check_can_request_approval(self):
        """Hook: raise when a document may not be submitted (e.g. its service is retired)."""

    def _slm_on_approved(self):
        """Hook: called (with the approver's rights checked) once the document is approved."""

    def action_request_approval(self):
        for record in self:
            if record.state != "draft":
                raise UserError(self.env._("Only a draft can be submitted for approval."))
            record._slm_check_can_request_approval()
            record.restart_validation()  # reviews of an earlier, rejected request
            record.state = "to_approve"
            if record.need_validation:
                record.request_validation()
            else:
                record._slm_approve()

    def action_back_to_draft(self):
        self.restart_validation()
        self.write({"state": "draft"})

    def _slm_approve(self):
        # Reviews point to their document by reference: the cached one2many and
        # need_validation (computed without dependencies) miss them.
        self.invalidate_recordset(["review_ids", "validation_status", "need_validation"])
        self.sudo().write({"state": self._slm_approved_state})
        self._slm_on_approved()

    def _validate_tier(self, tiers=False):
        self._slm_check_self_review(tiers or self.review_ids)
        result = super(SlmApprovalMixin, self.with_context(slm_reviewing=True))._validate_tier(tiers)
        if self.state == "to_approve" and self.validation_status == "validated":
            self._slm_approve()
        return result

    def _rejected_tier(self, tiers=False):
        result = super(SlmApprovalMixin, self.with_context(slm_reviewing=True))._rejected_tier(tiers)
        if self.state == "to_approve" and self.validation_status == "rejected":
            self.sudo().with_context(skip_validation_check=True).write({"state": "draft"})
        return result

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # Reviewing subscribes the reviewers, which needs write access that
        # reviewers do not have; the review itself was checked by tier validation.
        if self.env.context.get("slm_reviewing"):
            return super(SlmApprovalMixin, self.sudo()).message_subscribe(partner_ids, subtype_ids)
        return super().message_subscribe(partner_ids, subtype_ids)

    def _slm_check_self_review(self, reviews):
        own = reviews.filtered(
            lambda review: (
                review.status in ("waiting", "pending")
                and review.definition_id.slm_forbid_self_review
                and review.requested_by == self.env.user
                and self.env.user in review.reviewer_ids
            )
        )
        if own:
            raise UserError(
                self.env._(
                    "You requested this approval yourself; the review %(review)s must be done by another reviewer.",
                    review=own[0].name,
                )
            )
