# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.1.0: approval rules apply to every company; reviewers comment their decision."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE tier_definition SET company_id = NULL, has_comment = TRUE
             WHERE id IN (SELECT res_id FROM ir_model_data
                           WHERE module = 'service_catalog' AND model = 'tier.definition')"""
    )
