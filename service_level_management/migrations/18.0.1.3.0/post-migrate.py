# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.3.0: clocks keep the indexes their queries use; each other one cost every evaluation a write."""

from odoo.tools.sql import drop_index

UNUSED = ("agreement_id", "deadline", "warning_date", "next_escalation_date")


def migrate(cr, version):
    if not version:
        return
    # Odoo keeps an index a field no longer asks for: the cron's (slm_clock_running_idx) and the
    # periods' (slm_clock_agreement_deadline_idx) serve their queries.
    for column in UNUSED:
        drop_index(cr, f"slm_clock__{column}_index", "slm_clock")
