# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SlmRequirementSource(models.Model):
    """Where a requirement comes from (seed §2.3): a contract, minutes, a review."""

    _name = "slm.requirement.source"
    _description = "Service Requirement Source"
    _order = "date desc, id"

    requirement_id = fields.Many2one("slm.requirement", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="requirement_id.company_id", store=True, index=True)
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

    @api.model_create_multi
    def create(self, vals_list):
        self.env["slm.requirement"].browse(
            {vals.get("requirement_id") for vals in vals_list} - {None}
        )._slm_check_editable()
        return super().create(vals_list)

    def write(self, vals):
        (
            self.requirement_id | self.env["slm.requirement"].browse(vals.get("requirement_id"))
        )._slm_check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        self.requirement_id._slm_check_editable()
