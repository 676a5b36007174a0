# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class SlmScheduleMixin(models.AbstractModel):
    """Working time of schedules: what service levels count in.

    Inherited by the schedules and their lines. ``_slm_schedule_field`` names
    the schedule a record belongs to (``None``: the records are schedules);
    a record without one is working time of every schedule (a public
    holiday). ``_slm_schedule_fields`` are the fields that matter (all when
    empty). A change makes every worker forget its engine calendars
    (``resource.calendar._slm_calendars``); ``_slm_reschedule`` is the hook
    for what else must follow.
    """

    _name = "slm.schedule.mixin"
    _description = "Working Time of Service Levels"

    _slm_schedule_field = "calendar_id"
    _slm_schedule_fields = ()

    def _slm_counted(self):
        """The records of these that service levels count (override to narrow)."""
        return self

    def _slm_schedules(self):
        """The schedules whose working time these records are; None when every schedule's."""
        records = self._slm_counted()
        if self._slm_schedule_field is None:
            return records
        if any(not record[self._slm_schedule_field] for record in records):
            return None
        return records[self._slm_schedule_field]

    @api.model
    def _slm_reschedule(self, *schedule_sets):
        """The working time of these schedules (None: of every schedule) changed."""
        if any(schedules is None or schedules for schedules in schedule_sets):
            self.env.registry.clear_cache()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self._slm_reschedule(records._slm_schedules())
        return records

    def write(self, vals):
        if self._slm_schedule_fields and not set(vals) & set(self._slm_schedule_fields):
            return super().write(vals)
        before = self._slm_schedules()
        result = super().write(vals)
        self._slm_reschedule(before, self._slm_schedules())
        return result

    def unlink(self):
        before = self._slm_schedules()
        result = super().unlink()
        self._slm_reschedule(before)
        return result
