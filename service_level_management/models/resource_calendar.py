# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models
from odoo.exceptions import UserError


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_timing_service_levels(self):
        used = self.env["slm.clock"].sudo().search([("calendar_id", "in", self.ids)], limit=1).calendar_id
        used = (
            used
            or self.env["slm.target"]
            .sudo()
            .with_context(active_test=False)
            .search([("calendar_id", "in", self.ids)], limit=1)
            .calendar_id
        )
        used = (
            used
            or self.env["slm.agreement"]
            .sudo()
            .search(
                ["|", ("service_calendar_id", "in", self.ids), ("support_calendar_id", "in", self.ids)],
                limit=1,
            )
            .mapped(lambda a: (a.service_calendar_id | a.support_calendar_id) & self)[:1]
        )
        if used:
            raise UserError(
                self.env._(
                    "The working schedule %(name)s times service levels: archive it instead of deleting it.",
                    name=used[:1].display_name,
                )
            )
