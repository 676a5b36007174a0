# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import UTC

from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from slm_engine import Attendance, Calendar, EngineError, WorkingDay


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "slm.schedule.mixin"]

    _slm_schedule_field = None
    _slm_schedule_fields = ("tz", "two_weeks_calendar", "flexible_hours", "company_id")

    slm_workday_ids = fields.One2many(
        "resource.calendar.workday",
        "calendar_id",
        string="Extra Working Days",
        help="Dates with working hours although the schedule does not normally work then "
        "(e.g. a Saturday worked to make up for a public holiday). Service level clocks count them.",
    )

    def _slm_calendars(self, errors=None):
        """Engine calendars of these schedules: ``{calendar id: slm_engine.Calendar}``.

        Same working time as ``plan_hours(..., compute_leaves=True)`` without a
        resource: the schedule's attendances (no lunch breaks, no sections, no
        resource-specific lines), its time zone, and the time-off leaves of the
        schedule or of no schedule (public holidays of the schedule's company;
        a schedule shared by every company closes on any company's), plus the
        extra working days.

        Engine calendars keep their lazily built timeline: they are kept in the
        registry cache, built from every row whoever asks, and forgotten by every
        worker when the working time changes (``slm.schedule.mixin``).

        A schedule that cannot time service levels raises a ``UserError``;
        with an ``errors`` dict, it is left out and its message put there.
        """
        result = {}
        for calendar_id in self.ids:
            try:
                result[calendar_id] = self._slm_cached_calendar(calendar_id)
            except UserError as exc:
                if errors is None:
                    raise
                errors[calendar_id] = str(exc)
        return result

    @api.model
    @tools.ormcache("calendar_id")
    def _slm_cached_calendar(self, calendar_id):
        return self.sudo().browse(calendar_id)._slm_build_calendars()[calendar_id]

    def _slm_calendar(self):
        self.ensure_one()
        return self._slm_calendars()[self.id]

    def _slm_build_calendars(self, errors=None):
        attendances = self.env["resource.calendar.attendance"].search(
            [
                ("calendar_id", "in", self.ids),
                ("resource_id", "=", False),
                ("display_type", "=", False),
                ("day_period", "!=", "lunch"),
            ]
        )
        leaves = self.env["resource.calendar.leaves"].search(
            [
                ("calendar_id", "in", [False, *self.ids]),
                ("resource_id", "=", False),
                ("time_type", "=", "leave"),
            ]
        )
        workdays = self.env["resource.calendar.workday"].search([("calendar_id", "in", self.ids)])
        result = {}
        for calendar in self:
            try:
                result[calendar.id] = calendar._slm_build_calendar(
                    attendances.filtered(lambda line, c=calendar: line.calendar_id == c),
                    leaves.filtered(lambda leave, c=calendar: leave._slm_closes(c)),
                    workdays.filtered(lambda day, c=calendar: day.calendar_id == c),
                )
            except UserError as exc:
                if errors is None:
                    raise
                errors[calendar.id] = str(exc)
        return result

    def _slm_build_calendar(self, attendances, leaves, workdays):
        self.ensure_one()
        if self.flexible_hours:
            raise UserError(
                self.env._(
                    "The working schedule %(name)s has flexible hours: service levels need fixed working "
                    "hours. Choose another schedule.",
                    name=self.display_name,
                )
            )
        try:
            return Calendar(
                attendances=tuple(
                    Attendance(
                        weekday=int(line.dayofweek),
                        hour_from=line.hour_from,
                        hour_to=line.hour_to,
                        week_type=int(line.week_type) if self.two_weeks_calendar else None,
                        date_from=line.date_from or None,
                        date_to=line.date_to or None,
                    )
                    for line in attendances
                ),
                tz=self.tz or "UTC",
                closures=tuple(
                    (leave.date_from.replace(tzinfo=UTC), leave.date_to.replace(tzinfo=UTC))
                    for leave in leaves
                ),
                extra_days=tuple(WorkingDay(day.date, day.hour_from, day.hour_to) for day in workdays),
                name=self.display_name,
            )
        except EngineError as exc:
            raise UserError(
                self.env._(
                    "The working schedule %(name)s cannot time service levels: %(reason)s",
                    name=self.display_name,
                    reason=str(exc),
                )
            ) from exc
