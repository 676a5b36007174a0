# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class SlmScheduleMixin(models.AbstractModel):
    """Running clocks follow their schedule's working time; closed clocks keep their history."""

    _inherit = "slm.schedule.mixin"

    @api.model
    def _slm_reschedule(self, *schedule_sets):
        super()._slm_reschedule(*schedule_sets)
        if any(schedules is None for schedules in schedule_sets):
            self.env["slm.clock"].sudo()._slm_reschedule()
            return
        schedules = self.env["resource.calendar"].union(*schedule_sets)
        if schedules:
            self.env["slm.clock"].sudo()._slm_reschedule(schedules)
