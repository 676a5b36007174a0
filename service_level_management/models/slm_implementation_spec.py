# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class SlmImplementationSpec(models.Model):
    _inherit = "slm.implementation.spec"

    improvement_id = fields.Many2one(
        "slm.improvement",
        string="For Improvement",
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The service improvement record this version of the procedure carries out.",
    )
