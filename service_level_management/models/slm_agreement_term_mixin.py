# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models
from odoo.exceptions import UserError


class SlmAgreementTermMixin(models.AbstractModel):
    """A line of an agreement's terms: a target, an escalation rule, a UC's fee.

    Once the agreement is submitted its lines change only by an approved revision, which the
    system applies; what tickets get of an agreement in force follows every change of its lines.
    Configure with class attributes:

    - ``_slm_origin_field``: on a proposal's line, the line in force it stands for (set by the
      system only); None where a revision replaces the lines as a whole.
    """

    _name = "slm.agreement.term.mixin"
    _description = "Line of an Agreement's Terms"
    _slm_origin_field = None

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.env["slm.agreement"].browse(
                {vals["agreement_id"] for vals in vals_list if vals.get("agreement_id")}
            )._slm_check_terms_editable()
            for vals in vals_list:
                vals.pop(self._slm_origin_field, None)
        records = super().create(vals_list)
        records.agreement_id._slm_lines_changed()
        return records

    def write(self, vals):
        if not self.env.su:
            (
                self.agreement_id | self.env["slm.agreement"].browse(vals.get("agreement_id"))
            )._slm_check_terms_editable()
            if self._slm_origin_field in vals:
                raise UserError(
                    self.env._("Which line of the terms a revision replaces is set by the system.")
                )
        agreements = self.agreement_id
        result = super().write(vals)
        (agreements | self.agreement_id)._slm_lines_changed()
        return result

    def unlink(self):
        agreements = self.agreement_id
        result = super().unlink()
        agreements._slm_lines_changed()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_terms_fixed(self):
        if not self.env.su:
            self.agreement_id._slm_check_terms_editable()
