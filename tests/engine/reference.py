"""A slow, obviously correct model of working time, for the engine's tests.

It walks time in steps of :data:`STEP` and asks of each step whether it is
working time, straight from the definition: some attendance (or extra working
day) of a nearby local date covers it, localized with pytz the way Odoo does,
and no closure covers it. Tests keep every boundary on the step grid.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytz

STEP = timedelta(minutes=15)
MAX_STEPS = 4 * 24 * 120  # 120 days


@dataclass(frozen=True)
class Spec:
    """Plain description of a calendar, shared by the engine and the model."""

    tz: str
    attendances: tuple  # (weekday, hour_from, hour_to, week_type, date_from, date_to)
    closures: tuple = ()  # (start, end) aware UTC datetimes
    extra_days: tuple = ()  # (date, hour_from, hour_to)


def _wall(day: date, hour: float) -> datetime:
    if hour == 24:
        return datetime.combine(day + timedelta(days=1), time())
    return datetime.combine(day, time()) + timedelta(minutes=round(hour * 60))


@functools.lru_cache(maxsize=100_000)
def day_intervals(spec: Spec, day: date) -> tuple:
    zone = pytz.timezone(spec.tz)
    parity = ((day.toordinal() - 1) // 7) % 2
    hours = [
        (h_from, h_to)
        for weekday, h_from, h_to, week_type, d_from, d_to in spec.attendances
        if weekday == day.weekday()
        and (week_type is None or week_type == parity)
        and (d_from is None or day >= d_from)
        and (d_to is None or day <= d_to)
    ]
    hours += [(h_from, h_to) for d, h_from, h_to in spec.extra_days if d == day]
    return tuple(
        (
            zone.localize(_wall(day, h_from), is_dst=False).astimezone(UTC),
            zone.localize(_wall(day, h_to), is_dst=False).astimezone(UTC),
        )
        for h_from, h_to in hours
    )


def is_working(spec: Spec, instant: datetime) -> bool:
    if any(start <= instant < end for start, end in spec.closures):
        return False
    local_day = instant.astimezone(pytz.timezone(spec.tz)).date()
    for offset in (-1, 0, 1):
        for start, end in day_intervals(spec, local_day + timedelta(days=offset)):
            if start <= instant < end:
                return True
    return False


def deadline(spec: Spec, start: datetime, duration: timedelta) -> datetime | None:
    """Walk from ``start`` until ``duration`` of working time has passed (None past the cap)."""
    remaining, instant = duration, start
    if not remaining:
        return start
    for _ in range(MAX_STEPS):
        if is_working(spec, instant):
            if remaining <= STEP:
                return instant + remaining
            remaining -= STEP
        instant += STEP
    return None


def business_duration(spec: Spec, start: datetime, end: datetime) -> timedelta:
    total, instant = timedelta(0), start
    while instant < end:
        if is_working(spec, instant):
            total += STEP
        instant += STEP
    return total
