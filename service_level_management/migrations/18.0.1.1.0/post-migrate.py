# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.1.0: clocks say whose target they measure; approvals take a comment; SLA approvers review SLAs and OLAs."""


def migrate(cr, version):
    if not version:
        return
    # Before inherited targets, every clock measured a target of its own agreement.
    cr.execute(
        """UPDATE slm_clock c SET target_agreement_id = t.agreement_id
             FROM slm_target t WHERE t.id = c.target_id AND c.target_agreement_id IS NULL"""
    )
    cr.execute(
        """UPDATE slm_clock SET target_agreement_id = agreement_id WHERE target_agreement_id IS NULL"""
    )
    # Reviewers approve or reject with a comment (the data file is not updated once installed).
    cr.execute(
        """UPDATE tier_definition SET has_comment = TRUE
             WHERE id IN (SELECT res_id FROM ir_model_data
                           WHERE module = 'service_level_management' AND model = 'tier.definition')"""
    )
    # Approval rules of the suite apply to every company, not only to the one installing it.
    cr.execute(
        """UPDATE tier_definition SET company_id = NULL
             WHERE id IN (SELECT res_id FROM ir_model_data
                           WHERE module IN ('service_catalog', 'service_level_management')
                             AND model = 'tier.definition')"""
    )
    # The approvers of SLAs and OLAs do not review other kinds of agreement (UCs have their own).
    cr.execute(
        """UPDATE tier_definition SET definition_type = 'domain',
                  definition_domain = '[(''agreement_type'', ''in'', [''sla'', ''ola''])]'
             WHERE COALESCE(definition_domain, '[]') IN ('', '[]')
               AND id = (SELECT res_id FROM ir_model_data
                          WHERE module = 'service_level_management' AND name = 'tier_definition_agreement')"""
    )
