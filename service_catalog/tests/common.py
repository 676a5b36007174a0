# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Steps people take in the approval flow, shared by the tests of the suite."""


def review(record, user, comment="Looks right", reject=False):
    """``user`` validates (or rejects) ``record`` in its chatter, with a comment when asked for one."""
    record = record.with_user(user)
    action = record.reject_tier() if reject else record.validate_tier()
    if isinstance(action, dict) and action.get("res_model") == "comment.wizard":
        wizard = record.env["comment.wizard"].with_context(**action["context"]).create({"comment": comment})
        wizard.add_comment()
    return record


def activate(record, approver):
    """Submit a draft document and have ``approver`` approve it."""
    record.action_request_approval()
    review(record, approver)
    return record
