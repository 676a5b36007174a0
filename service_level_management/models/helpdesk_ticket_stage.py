# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    slm_pause = fields.Boolean(
        string="Pauses Service Level Clocks",
        help="Waiting for the customer: service level clocks stop while a ticket is in this stage.",
    )
