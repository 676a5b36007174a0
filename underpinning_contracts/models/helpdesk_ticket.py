# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    vendor_escalation_ids = fields.One2many("slm.vendor.escalation", "ticket_id", string="Vendor Escalations")
    vendor_pending = fields.Boolean(
        string="With a Vendor", compute="_compute_vendor_pending", help="A vendor works on the ticket."
    )

    vendor_answer_pending = fields.Boolean(
        compute="_compute_vendor_pending", help="A vendor works on the ticket and has not answered yet."
    )

    def _compute_vendor_pending(self):
        for ticket in self:
            open_escalations = ticket.sudo().vendor_escalation_ids.filtered(lambda e: not e.resolved_date)
            ticket.vendor_pending = bool(open_escalations)
            ticket.vendor_answer_pending = any(not e.responded_date for e in open_escalations)

    def _slm_vendor_candidates(self):
        """UCs in force for the ticket's service that back its SLA; else any UC in force for the service."""
        self.ensure_one()
        Agreement = self.env["slm.agreement"].sudo()
        now = fields.Datetime.now()
        # Each UC's dates are days in its time zone: a day either side of UTC's to look among.
        in_force = Agreement.search(
            [
                ("agreement_type", "=", "uc"),
                ("state", "=", "active"),
                ("company_id", "=", self.company_id.id),
                ("date_start", "<=", now.date() + timedelta(days=1)),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", now.date() - timedelta(days=1)),
            ]
        ).filtered(
            lambda uc: (
                uc._slm_valid_at(now)
                and (not uc.with_context(active_test=False).service_ids or self.service_id in uc.service_ids)
            )
        )
        backed = self.sudo().slm_sla_id._slm_effective_targets() if self.slm_sla_id else Agreement.target_ids
        backing = in_force.filtered(lambda uc: uc.target_ids.supported_target_id & backed)
        return (backing or in_force).with_env(self.env)

    def action_slm_escalate_to_vendor(self):
        self.ensure_one()
        self.check_access("write")
        if not self._slm_vendor_candidates():
            raise UserError(
                self.env._("No UC in force covers the service of %(ticket)s.", ticket=self.display_name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate to Vendor"),
            "res_model": "slm.vendor.escalate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_slm_vendor_responded(self):
        self.ensure_one()
        return self.vendor_escalation_ids.filtered(
            lambda e: not e.resolved_date and not e.responded_date
        ).action_vendor_responded()

    def action_slm_vendor_resolved(self):
        self.ensure_one()
        return self.vendor_escalation_ids.filtered(lambda e: not e.resolved_date).action_vendor_resolved()
