# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Steps people take in the approval flow, shared by the tests."""


def review(record, user, comment="Looks right", reject=False):
    """``user`` validates (or rejects) ``record`` in its chatter, with a comment when asked for one."""
    record = record.with_user(user)
    action = record.reject_tier() if reject else record.validate_tier()
    if isinstance(action, dict) and action.get("res_model") == "comment.wizard":
        wizard = record.env["comment.wizard"].with_context(**action["context"]).create({"comment": comment})
        wizard.add_comment()
    return record


def activate(agreement, approver):
    """Submit a draft agreement and have ``approver`` approve it."""
    agreement.action_request_approval()
    review(agreement, approver)
    return agreement


def propose(agreement, manager, reason="Faster for the customer", **values):
    """``manager`` proposes new terms for ``agreement`` in force: returns the draft proposal."""
    action = agreement.with_user(manager).action_propose_revision()
    proposal = agreement.env["slm.agreement"].with_user(manager).browse(action["res_id"])
    proposal.write({"revision_reason": reason, **values})
    return proposal
