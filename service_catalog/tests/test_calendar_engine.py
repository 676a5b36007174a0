# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import random
from datetime import UTC, date, datetime, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from slm_engine import business_duration, deadline

CASES_PER_CALENDAR = 250


@tagged("post_install", "-at_install")
class TestCalendarEngine(TransactionCase):
    """The engine gives the same deadlines as resource.calendar.plan_hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Calendar = cls.env["resource.calendar"]
        cls.std = cls.env.ref("resource.resource_calendar_std")
        cls.std.tz = "Europe/Brussels"
        # Public holidays for every schedule, on and across working-hour edges.
        cls.env["resource.calendar.leaves"].create(
            [
                {
                    "name": "Easter Monday",
                    "date_from": "2026-04-06 00:00:00",
                    "date_to": "2026-04-06 23:59:59",
                },
                {"name": "Half day", "date_from": "2026-05-04 10:00:00", "date_to": "2026-05-04 15:00:00"},
                {"name": "Edge", "date_from": "2026-05-11 06:00:00", "date_to": "2026-05-11 11:00:00"},
            ]
        )

    def _random_calendar(self, rng, index):
        tz = rng.choice(["Europe/Brussels", "America/New_York", "Asia/Shanghai", "UTC"])
        two_weeks = rng.random() < 0.3
        lines = []
        for week_type in ("0", "1") if two_weeks else ("0",):
            for weekday in range(7):
                if weekday == 2 or rng.random() < 0.25:  # Wednesday gets the base line below
                    continue
                hour = rng.choice([0, 6, 7, 8, 9, 13, 20])
                while hour < 23 and rng.random() < 0.7:
                    end = min(23.75, hour + rng.choice([0.5, 1.75, 3, 4, 8]))
                    lines.append(
                        {
                            "name": f"Line {weekday}",
                            "dayofweek": str(weekday),
                            "hour_from": hour,
                            "hour_to": end,
                            "week_type": week_type,
                            "day_period": "morning",
                        }
                    )
                    hour = end + rng.choice([0.25, 1, 2])
        lines.append({"name": "Base", "dayofweek": "2", "hour_from": 9, "hour_to": 12, "week_type": "0"})
        if two_weeks:
            lines.append({"name": "Base", "dayofweek": "2", "hour_from": 9, "hour_to": 12, "week_type": "1"})
        calendar = self.Calendar.create(
            {
                "name": f"Generated {index}",
                "tz": tz,
                "two_weeks_calendar": two_weeks,
                "attendance_ids": [(5, 0, 0)] + [(0, 0, line) for line in lines],
            }
        )
        leave_start = datetime(2026, 3, 20) + timedelta(hours=rng.randrange(24 * 60))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Closure",
                "calendar_id": calendar.id,
                "date_from": leave_start,
                "date_to": leave_start + timedelta(hours=rng.choice([2, 9, 30, 70])),
            }
        )
        return calendar

    def _compare(self, calendar, rng, cases):
        engine_calendar = calendar._slm_calendar()
        for _ in range(cases):
            start = datetime(2026, 3, 1) + timedelta(seconds=rng.randrange(120 * 24 * 3600))
            if rng.random() < 0.3:
                start = start.replace(minute=0, second=0)
            hours = rng.choice([0.25, 0.5, 1, 2, 4, 8, 9, 16, 24, 40, 100]) + rng.randrange(4) / 4
            expected = calendar.plan_hours(hours, start, compute_leaves=True)
            found = deadline(engine_calendar, start.replace(tzinfo=UTC), timedelta(hours=hours))
            self.assertTrue(expected, "plan_hours found no deadline")
            difference = abs(found.replace(tzinfo=None) - expected)
            self.assertLess(
                difference,
                timedelta(seconds=1),
                f"{calendar.name} ({calendar.tz}): {hours} h from {start} gives {found}, plan_hours {expected}",
            )

    def test_01_standard_calendar(self):
        """The standard 40-hour week with holidays: same deadlines as plan_hours."""
        self._compare(self.std, random.Random(1), CASES_PER_CALENDAR * 2)

    def test_02_generated_calendars(self):
        """Split days, two-week rotations, other time zones, calendar closures: same deadlines."""
        rng = random.Random(2)
        for index in range(8):
            self._compare(self._random_calendar(rng, index), rng, CASES_PER_CALENDAR // 2)

    def test_03_beyond_plan_hours_horizon(self):
        """Deliberate difference: plan_hours gives up after 1,400 days, the engine places the duration."""
        sparse = self.Calendar.create(
            {
                "name": "One hour a week",
                "tz": "UTC",
                "attendance_ids": [
                    (5, 0, 0),
                    (0, 0, {"name": "Mon", "dayofweek": "0", "hour_from": 9, "hour_to": 10}),
                ],
            }
        )
        start = datetime(2026, 1, 1)
        self.assertFalse(sparse.plan_hours(300, start, compute_leaves=True))
        found = deadline(sparse._slm_calendar(), start.replace(tzinfo=UTC), timedelta(hours=300))
        self.assertEqual(found.weekday(), 0)
        self.assertEqual(found.hour, 10)
        self.assertGreater(found.year, 2030)

    def test_04_midnight_end(self):
        """Deliberate difference: an attendance ending at 24:00 ends at midnight, not 23:59:59.999999,
        so work that ends exactly at midnight is due at midnight (plan_hours moves it to the next shift)."""
        evening = self.Calendar.create(
            {
                "name": "Evenings",
                "tz": "UTC",
                "attendance_ids": [(5, 0, 0)]
                + [
                    (0, 0, {"name": "Eve", "dayofweek": str(d), "hour_from": 16, "hour_to": 24})
                    for d in range(7)
                ],
            }
        )
        start = datetime(2026, 1, 5, 16)
        found = deadline(evening._slm_calendar(), start.replace(tzinfo=UTC), timedelta(hours=8))
        self.assertEqual(found, datetime(2026, 1, 6, tzinfo=UTC))
        self.assertEqual(
            evening.plan_hours(8, start, compute_leaves=True).replace(microsecond=0), datetime(2026, 1, 6, 16)
        )

    def test_05_extra_working_day(self):
        """A make-up working day on a Saturday adds working time; editing it refreshes the engine calendar."""
        calendar = self.std.copy({"name": "China office", "tz": "Asia/Shanghai"})
        saturday = datetime(2026, 9, 26, tzinfo=UTC)
        self.assertEqual(
            business_duration(
                calendar._slm_calendar(), saturday - timedelta(hours=8), saturday + timedelta(hours=16)
            ),
            timedelta(0),
        )
        calendar.slm_workday_ids = [(0, 0, {"date": date(2026, 9, 26), "hour_from": 9, "hour_to": 17})]
        self.assertEqual(
            business_duration(
                calendar._slm_calendar(), saturday - timedelta(hours=8), saturday + timedelta(hours=16)
            ),
            timedelta(hours=8),
        )

    def test_06_bad_schedules(self):
        """Flexible schedules and inverted extra hours are refused with clear errors."""
        flexible = self.Calendar.create({"name": "Flexible", "flexible_hours": True, "tz": "UTC"})
        with self.assertRaises(UserError):
            flexible._slm_calendar()
        with self.assertRaises(ValidationError):
            self.std.slm_workday_ids = [(0, 0, {"date": date(2026, 9, 26), "hour_from": 17, "hour_to": 9})]
