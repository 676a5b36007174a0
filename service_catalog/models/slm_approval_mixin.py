# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from lxml import etree

from odoo import api, models
from odoo.exceptions import UserError

# Context keys of tier validation that skip one of its checks: only the system may set them.
TIER_SKIP_KEYS = ("skip_validation_check", "skip_check_state_condition")


class SlmApprovalMixin(models.AbstractModel):
    """Approval of service level documents through tier validation.

    A document goes draft → to approve → approved. Requesting approval
    creates the tier reviews (their reviewers are fixed at that moment); when
    the last review is validated the document is approved at once, and a
    rejection sends it back to draft. Its state changes only through these
    actions: nobody writes it directly. Configure with class attributes:

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

    # -- the state moves only through actions -------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise UserError(
                self.env._("A new document starts as a draft; it is approved through its actions.")
            )
        return super(SlmApprovalMixin, self._slm_without_skip_keys()).create(vals_list).with_env(self.env)

    def write(self, vals):
        if "state" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "The status of %(document)s changes only through its actions.", document=self._description
                )
            )
        return super(SlmApprovalMixin, self._slm_without_skip_keys()).write(vals)

    def _slm_without_skip_keys(self):
        """These records without the context keys that would let a client skip tier validation's checks."""
        if self.env.su or not any(self.env.context.get(key) for key in TIER_SKIP_KEYS):
            return self
        return self.with_context(**dict.fromkeys(TIER_SKIP_KEYS, False))

    def _slm_set_state(self, state):
        """The system moves the state, once an action checked that it may."""
        return self.sudo().with_context(skip_validation_check=True).write({"state": state})

    @api.depends_context("uid")
    def _compute_has_comment(self):
        # Whether the current user is asked for a comment depends on who they are.
        return super()._compute_has_comment()

    # -- hooks ---------------------------------------------------------------------------

    def _add_tier_validation_buttons(self, node, params):
        # Our documents are submitted with "Request Approval" (draft -> to approve) and taken
        # back with "Back to Draft": tier validation's own buttons would skip those states.
        return etree.fromstring('<div><field name="validation_status" invisible="1"/></div>')

    def _slm_check_can_request_approval(self):
        """Hook: raise when a document may not be submitted (e.g. its service is retired)."""

    def _slm_approval_state(self):
        """Hook: the state this document reaches once every review is validated."""
        self.ensure_one()
        return self._slm_approved_state

    def _slm_on_approved(self):
        """Hook: called (with the approver's rights checked) once the document is approved."""

    # -- actions ----------------------------------------------------------------------------

    def action_request_approval(self):
        self.check_access("write")
        for record in self:
            if record.state != "draft":
                raise UserError(self.env._("Only a draft can be submitted for approval."))
            record._slm_check_can_request_approval()
            record.sudo().restart_validation()  # reviews of an earlier, rejected request
            record.invalidate_recordset(["review_ids", "need_validation"])
            if not record.need_validation:
                raise UserError(
                    self.env._(
                        "No approval rule applies to %(document)s: ask an administrator to define one "
                        "(Settings > Technical > Tier Definition) before submitting it.",
                        document=record.display_name,
                    )
                )
            record._slm_set_state("to_approve")
            # Reviews are the system's: created for the requester (``requested_by``), pending at
            # once so that the first reviewer's comment is kept.
            record.sudo().request_validation()._compute_can_review()
        return True

    def action_back_to_draft(self):
        self.check_access("write")
        if any(record.state != "to_approve" for record in self):
            raise UserError(self.env._("Only a document waiting for approval can go back to draft."))
        self.sudo().restart_validation()
        self._slm_set_state("draft")
        return True

    def _slm_approve(self):
        # Reviews point to their document by reference: the cached one2many and
        # need_validation (computed without dependencies) miss them.
        self.invalidate_recordset(["review_ids", "validation_status", "need_validation"])
        for record in self:
            record._slm_set_state(record._slm_approval_state())
        self._slm_on_approved()

    def validate_tier(self):
        # Refused before the comment is asked for, not after.
        self._slm_check_self_review(self.review_ids)
        return super().validate_tier()

    def _validate_tier(self, tiers=False):
        self._slm_check_self_review(tiers or self.review_ids)
        # Reviewers only read the document; tier validation subscribes them to it. Only the
        # reviews of this user are validated (tier validation checks it), under their name.
        result = super(SlmApprovalMixin, self.sudo())._validate_tier(tiers and tiers.sudo())
        if self.state == "to_approve" and self.validation_status == "validated":
            self._slm_approve()
        return result

    def _rejected_tier(self, tiers=False):
        result = super(SlmApprovalMixin, self.sudo())._rejected_tier(tiers and tiers.sudo())
        if self.state == "to_approve" and self.validation_status == "rejected":
            self._slm_set_state("draft")
        return result

    @api.model
    def _update_counter(self, review_counter):
        # Recounting moves reviews to pending: the system's doing (reviews are read-only to people).
        return super(SlmApprovalMixin, self.sudo())._update_counter(review_counter)

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

    # -- messages ---------------------------------------------------------------------------

    def _slm_sender(self):
        """The address mails of the system go out from: the company's, else the system's."""
        company = (
            self[:1].company_id if "company_id" in self._fields and self[:1].company_id else self.env.company
        )
        return company.email_formatted or self.env.ref("base.partner_root").email_formatted

    def message_post(self, **kwargs):
        # Someone without an e-mail address still approves, rejects and comments: what goes
        # out by mail leaves from the company.
        if not kwargs.get("author_id") and not kwargs.get("email_from") and not self.env.user.email:
            kwargs.update(author_id=self.env.user.partner_id.id, email_from=self._slm_sender())
        return super().message_post(**kwargs)
