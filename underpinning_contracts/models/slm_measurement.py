# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class SlmMeasurement(models.Model):
    _inherit = "slm.measurement"

    vendor_id = fields.Many2one(related="agreement_id.vendor_id", store=True, string="Vendor")
