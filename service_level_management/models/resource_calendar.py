# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "slm.schedule.mixin"]

    _slm_schedule_field = None
    _slm_schedule_fields = ("tz", "two_weeks_calendar", "flexible_hours")
