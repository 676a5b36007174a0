# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    uc_count = fields.Integer(
        string="UCs", compute="_compute_uc_count", groups="underpinning_contracts.group_uc_officer"
    )

    def _compute_uc_count(self):
        counts = dict(
            self.env["slm.agreement"]._read_group(
                [
                    ("agreement_type", "=", "uc"),
                    ("vendor_id", "in", self.ids),
                    ("revision_of_id", "=", False),
                ],
                ["vendor_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.uc_count = counts.get(partner, 0)

    def action_view_ucs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "underpinning_contracts.slm_agreement_uc_action"
        )
        action["domain"] = [
            ("agreement_type", "=", "uc"),
            ("vendor_id", "=", self.id),
            ("revision_of_id", "=", False),
        ]
        action["context"] = {"default_agreement_type": "uc", "default_vendor_id": self.id}
        return action
