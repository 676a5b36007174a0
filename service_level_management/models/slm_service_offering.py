# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class SlmServiceOffering(models.Model):
    _inherit = "slm.service.offering"

    target_ids = fields.One2many(
        "slm.target",
        "offering_id",
        string="Default Targets",
        help="New agreements for this offering start with these targets.",
    )
