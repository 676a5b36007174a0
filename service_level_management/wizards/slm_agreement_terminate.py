# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class SlmAgreementTerminate(models.TransientModel):
    _name = "slm.agreement.terminate"
    _description = "Terminate an Agreement"

    agreement_id = fields.Many2one("slm.agreement", required=True)
    reason = fields.Text(required=True)

    def action_terminate(self):
        self.agreement_id._slm_terminate(self.reason)
        return {"type": "ir.actions.act_window_close"}
