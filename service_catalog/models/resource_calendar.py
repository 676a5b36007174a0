# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import threading
from datetime import UTC

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from slm_engine import Attendance, Calendar, EngineError, WorkingDay

# Engine calendars keep their lazily built timeline; keep them across requests.
# Keyed by database and calendar id, checked against a fingerprint of the rows
# they were built from, so every worker sees changes made by any other.
_CACHE: dict[tuple[str, int], tuple[tuple, Calendar]] = {}
_CACHE_LOCK = threading.Lock()
CALENDAR_MODELS = (
    "resource.calendar",
    "resource.calendar.attendance",
    "resource.calendar.leaves",
    "resource.calendar.workday",
)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    slm_workday_ids = fields.One2many(
        "resource.calendar.workday",
        "calendar_id",
        string="Extra Working Days",
        help="Dates with working hours although the schedule does not normally work then "
        "(e.g. a Saturday worked to make up for a public holiday). Service level clocks count them.",
    )

    def _slm_fingerprints(self):
        """What the engine calendars of these schedules are built from, in one query."""
        for model in CALENDAR_MODELS:
            self.env[model].flush_model()
        self.env.cr.execute(
            SQL(
                """
            SELECT c.id, c.write_date, c.tz, c.two_weeks_calendar, c.flexible_hours, c.company_id,
                   (SELECT array[max(a.write_date)::text, count(*)::text]
                      FROM resource_calendar_attendance a WHERE a.calendar_id = c.id),
                   (SELECT array[max(l.write_date)::text, count(*)::text]
                      FROM resource_calendar_leaves l
                     WHERE (l.calendar_id = c.id
                            OR (l.calendar_id IS NULL
                                AND (c.company_id IS NULL OR l.company_id IS NULL OR l.company_id = c.company_id)))
                       AND l.resource_id IS NULL AND l.time_type = 'leave'),
                   (SELECT array[max(w.write_date)::text, count(*)::text]
                      FROM resource_calendar_workday w WHERE w.calendar_id = c.id)
              FROM resource_calendar c
             WHERE c.id IN %s
            """,
                tuple(self.ids),
            )
        )
        return {row[0]: tuple(row[1:]) for row in self.env.cr.fetchall()}

    def _slm_calendars(self, errors=None):
        """Engine calendars of these schedules: ``{calendar id: slm_engine.Calendar}``.

        Same working time as ``plan_hours(..., compute_leaves=True)`` without a
        resource: the schedule's attendances (no lunch breaks, no sections, no
        resource-specific lines), its time zone, and the time-off leaves of the
        schedule or of no schedule (public holidays of the schedule's company;
        a schedule shared by every company closes on any company's), plus the
        extra working days. Built from every row, whoever asks: the cache is
        shared by all users.

        A schedule that cannot time service levels raises a ``UserError``;
        with an ``errors`` dict, it is left out and its message put there.
        """
        if not self:
            return {}
        fingerprints = self._slm_fingerprints()
        result, missing = {}, self.browse()
        dbname = self.env.cr.dbname
        for calendar in self:
            cached = _CACHE.get((dbname, calendar.id))
            if cached and cached[0] == fingerprints.get(calendar.id):
                result[calendar.id] = cached[1]
            else:
                missing |= calendar
        if missing:
            built = missing.sudo()._slm_build_calendars(errors)
            with _CACHE_LOCK:
                for calendar_id, engine_calendar in built.items():
                    _CACHE[dbname, calendar_id] = (fingerprints[calendar_id], engine_calendar)
            result.update(built)
        return result

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
