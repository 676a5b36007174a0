# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SlmTarget(models.Model):
    """A UC target may carry a service credit: what the vendor owes when it misses the target."""

    _inherit = "slm.target"

    credit_type = fields.Selection(
        [("percent", "% of the Period's Fee"), ("fixed", "Fixed Amount per Breach")],
        string="Service Credit",
        help="What the vendor owes when the target is missed in a period: a share of the period's fee, "
        "or an amount per breached ticket.",
    )
    credit_value = fields.Float(
        string="Credit Amount", digits=(16, 2), help="% of the fee, or amount per breach."
    )
    credit_cap = fields.Float(
        digits=(16, 2),
        help="The most the vendor owes for this target in a period (0: none).",
    )

    @api.model
    def _slm_term_fields(self):
        return [*super()._slm_term_fields(), "credit_type", "credit_value", "credit_cap"]

    def _slm_text(self):
        text = super()._slm_text()
        value, cap = f"{self.credit_value:g}", f"{self.credit_cap:g}"
        if self.credit_type == "percent":
            credit = self.env._("%(value)s %% of the period's fee", value=value)
        elif self.credit_type == "fixed":
            credit = self.env._("%(value)s per breach", value=value)
        else:
            return text
        if self.credit_cap:
            return self.env._(
                "%(target)s (service credit: %(credit)s, at most %(cap)s a period)",
                target=text,
                credit=credit,
                cap=cap,
            )
        return self.env._("%(target)s (service credit: %(credit)s)", target=text, credit=credit)

    @api.constrains("credit_type", "credit_value", "credit_cap")
    def _check_credit(self):
        for target in self.filtered("credit_type"):
            if target.credit_value <= 0 or target.credit_cap < 0:
                raise ValidationError(
                    self.env._(
                        "The service credit of %(target)s must be positive.", target=target.display_name
                    )
                )
            if target.credit_type == "percent" and target.credit_value > 100:
                raise ValidationError(
                    self.env._(
                        "The service credit of %(target)s cannot be above 100 %% of the fee.",
                        target=target.display_name,
                    )
                )
