# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class SlmService(models.Model):
    _inherit = "slm.service"

    slm_stop_at_notification = fields.Boolean(
        string="Unavailable until Customer Told",
        help="Resolution clocks of this service stop when the customer is told the service is restored "
        "(procedure §5.5 (1)), not when the ticket is closed.",
    )
    ticket_ids = fields.One2many(
        "helpdesk.ticket", "service_id", string="Tickets", groups="helpdesk_mgmt.group_helpdesk_user_own"
    )
    ticket_count = fields.Integer(
        compute="_compute_ticket_count", groups="helpdesk_mgmt.group_helpdesk_user_own"
    )

    def _compute_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("service_id", "in", self.ids)], ["service_id"], ["__count"]
            )
        )
        for service in self:
            service.ticket_count = counts.get(service, 0)

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("helpdesk_mgmt.helpdesk_ticket_action")
        action["domain"] = [("service_id", "=", self.id)]
        action["context"] = {"default_service_id": self.id}
        return action
