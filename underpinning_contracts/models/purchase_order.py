# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    uc_id = fields.Many2one(
        "slm.agreement",
        string="Underpinning Contract",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('agreement_type', '=', 'uc'), ('vendor_id', '=', partner_id), ('revision_of_id', '=', False)]",
        help="The UC this purchase is made under; its bills carry it too.",
    )
    uc_sla_ids = fields.Many2many(
        "slm.agreement", string="SLAs Backed", compute="_compute_uc_sla_ids", help="The SLAs the UC backs."
    )

    @api.depends("uc_id")
    def _compute_uc_sla_ids(self):
        for order in self:
            order.uc_sla_ids = order.uc_id.sudo().supported_agreement_ids.with_env(self.env)

    def _prepare_invoice(self):
        return {**super()._prepare_invoice(), "uc_id": self.uc_id.id}

    def action_view_uc(self):
        self.ensure_one()
        return self.uc_id._slm_form_action()
