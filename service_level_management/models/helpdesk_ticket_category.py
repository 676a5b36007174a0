# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_target_scope(self):
        self.env["slm.target"]._slm_check_not_in_scope(self, "category_id")
