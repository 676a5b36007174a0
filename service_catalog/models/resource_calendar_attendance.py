# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "slm.schedule.mixin"]

    def _slm_counted(self):
        """Working hours of the schedule; those of one person do not count."""
        return self.filtered(lambda line: not line.resource_id)
