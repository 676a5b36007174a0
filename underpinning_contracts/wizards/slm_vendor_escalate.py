# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SlmVendorEscalate(models.TransientModel):
    """Hand a ticket to the vendor whose UC backs it."""

    _name = "slm.vendor.escalate"
    _description = "Escalate a Ticket to a Vendor"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, readonly=True)
    candidate_ids = fields.Many2many("slm.agreement", compute="_compute_candidate_ids")
    agreement_id = fields.Many2one(
        "slm.agreement",
        string="UC",
        required=True,
        domain="[('id', 'in', candidate_ids)]",
        compute="_compute_agreement_id",
        store=True,
        precompute=True,
        readonly=False,
        help="The UCs in force that back the ticket's SLA for its service come first; else any UC in force "
        "for the service.",
    )
    vendor_id = fields.Many2one(related="agreement_id.vendor_id")
    vendor_reference = fields.Char(string="Vendor's Reference")

    @api.depends("ticket_id")
    def _compute_candidate_ids(self):
        for wizard in self:
            wizard.candidate_ids = wizard.ticket_id._slm_vendor_candidates()

    @api.depends("candidate_ids")
    def _compute_agreement_id(self):
        for wizard in self:
            wizard.agreement_id = wizard.candidate_ids._origin[:1]

    def action_escalate(self):
        self.ensure_one()
        self.ticket_id.check_access("write")
        self.env["slm.vendor.escalation"]._slm_escalate(
            self.ticket_id, self.agreement_id, self.vendor_reference
        )
        return {"type": "ir.actions.act_window_close"}
