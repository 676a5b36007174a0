# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountMove(models.Model):
    _inherit = "account.move"

    uc_id = fields.Many2one(
        "slm.agreement",
        string="Underpinning Contract",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('agreement_type', '=', 'uc'), ('vendor_id', '=', commercial_partner_id), "
        "('revision_of_id', '=', False)]",
        help="The UC this vendor bill, or credit note, is about.",
    )

    @api.constrains("uc_id", "move_type", "partner_id")
    def _check_uc(self):
        for move in self.filtered("uc_id"):
            if move.move_type not in ("in_invoice", "in_refund"):
                raise ValidationError(
                    self.env._("Only vendor bills and their credit notes are made under a UC.")
                )
            if move.commercial_partner_id != move.uc_id.sudo().vendor_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The bill %(bill)s is from %(partner)s, not from the vendor of %(uc)s.",
                        bill=move.display_name,
                        partner=move.partner_id.display_name,
                        uc=move.uc_id.display_name,
                    )
                )

    def action_view_uc(self):
        self.ensure_one()
        return self.uc_id._slm_form_action()
