# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class ResourceCalendarWorkday(models.Model):
    _name = "resource.calendar.workday"
    _inherit = ["resource.calendar.workday", "slm.schedule.mixin"]
