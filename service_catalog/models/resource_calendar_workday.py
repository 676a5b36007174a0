# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResourceCalendarWorkday(models.Model):
    """Extra working hours on a date a schedule does not normally work.

    Public-holiday calendars in China move working days to weekends (调休);
    ``resource.calendar`` can only close days, not open them.
    """

    _name = "resource.calendar.workday"
    _inherit = ["slm.schedule.mixin"]
    _description = "Extra Working Day"
    _order = "date, hour_from"

    calendar_id = fields.Many2one("resource.calendar", required=True, index=True, ondelete="cascade")
    name = fields.Char(string="Reason", translate=True)
    date = fields.Date(required=True)
    hour_from = fields.Float(string="Work from", required=True, default=9.0)
    hour_to = fields.Float(string="Work to", required=True, default=18.0)

    @api.constrains("hour_from", "hour_to")
    def _check_hours(self):
        for workday in self:
            if not 0 <= workday.hour_from < workday.hour_to <= 24:
                raise ValidationError(
                    self.env._(
                        "Extra working hours on %(date)s must start before they end, between 00:00 and 24:00.",
                        date=workday.date,
                    )
                )
