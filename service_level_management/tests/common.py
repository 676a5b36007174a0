# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Steps people take in the approval flow, shared by the tests."""

from odoo.addons.service_catalog.tests.common import activate, review

__all__ = ["activate", "propose", "review"]


def propose(agreement, manager, reason="Faster for the customer", **values):
    """``manager`` proposes new terms for ``agreement`` in force: returns the draft proposal."""
    action = agreement.with_user(manager).action_propose_revision()
    proposal = agreement.env["slm.agreement"].with_user(manager).browse(action["res_id"])
    proposal.write({"revision_reason": reason, **values})
    return proposal
