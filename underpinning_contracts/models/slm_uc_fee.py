# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SlmUcFee(models.Model):
    """What a UC costs, line by line: the lines of the purchase requests made from it."""

    _name = "slm.uc.fee"
    _inherit = ["slm.agreement.term.mixin"]
    _description = "Underpinning Contract Fee"
    _order = "agreement_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    agreement_id = fields.Many2one(
        "slm.agreement", string="UC", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    product_id = fields.Many2one(
        "product.product", required=True, check_company=True, domain=[("purchase_ok", "=", True)]
    )
    name = fields.Char(string="Description")
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Float(string="Unit Price", digits="Product Price")

    def _slm_text(self):
        """One line of the terms, for revisions and their diff."""
        self.ensure_one()
        return f"{self.name or self.product_id.display_name}: {self.quantity:g} × {self.price_unit:g}"

    @api.constrains("quantity", "price_unit")
    def _check_amounts(self):
        for fee in self:
            if fee.quantity <= 0 or fee.price_unit < 0:
                raise ValidationError(
                    self.env._("A fee of a UC needs a positive quantity and a price that is not negative.")
                )
