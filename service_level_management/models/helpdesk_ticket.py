# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    service_id = fields.Many2one(
        "slm.service",
        index="btree_not_null",
        tracking=True,
        domain=[("state", "=", "live")],
        help="The IT service this ticket is about; it decides which service levels apply.",
    )
