# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "slm.schedule.mixin"]

    def _slm_counted(self):
        """Closures of a schedule or of every schedule; one person's time off does not count."""
        return self.filtered(lambda leave: not leave.resource_id and leave.time_type == "leave")

    def _slm_closes(self, calendar):
        """This closure closes ``calendar``: its own, or a public holiday of its company."""
        self.ensure_one()
        if self.calendar_id:
            return self.calendar_id == calendar
        return not calendar.company_id or not self.company_id or self.company_id == calendar.company_id
