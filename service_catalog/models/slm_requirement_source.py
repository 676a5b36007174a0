# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class SlmRequirementSource(models.Model):
    """Where a requirement comes from (seed §2.3): a contract, minutes, a review."""

    _name = "slm.requirement.source"
    _description = "Service Requirement Source"
    _order = "date desc, id"

    requirement_id = fields.Many2one("slm.requirement", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(
        [
            ("contract", "Service Contract"),
            ("meeting", "Weekly Meeting Minutes"),
            ("review", "Management Review Result"),
            ("other", "Other"),
        ],
        required=True,
        default="contract",
    )
    name = fields.Char(string="Reference", required=True)
    date = fields.Date()
    url = fields.Char(string="Link")
    attachment_ids = fields.Many2many("ir.attachment", string="Documents")
