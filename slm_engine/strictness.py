"""Strictness: a supporting agreement (OLA, UC) may never be weaker than the SLA it backs.

For time targets the question is exact: *for every possible start instant*
(to the second, within a window), is the supporting deadline no later than
the SLA deadline, even when the two use different calendars? Deadlines are
piecewise linear in the start instant (slope 0 in closed time, 1 in working
time) with jumps where they cross closed time; the difference of two such
functions is affine between the *breakpoints* of either: the calendar
boundaries, and the starts whose deadline falls on a boundary. Checking every
breakpoint, the second after it, and the second before the next one, is
therefore exhaustive; the earliest violating start inside a segment is found
by bisection on the affine piece.

For availability targets the supporting hours must cover the SLA hours (an
outage outside the supporting agreement's hours is not limited by it), and in
every period the downtime the supporting agreement allows must not exceed the
downtime the SLA allows. Count targets compare directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .calendar import Calendar, _subtract, duration_us, from_us, to_us
from .errors import EngineError
from .periods import PeriodKind, periods_between

__all__ = [
    "AvailabilityCounterexample",
    "DeadlineCounterexample",
    "DurationTarget",
    "first_weaker_availability",
    "first_weaker_start",
    "is_weaker_value",
]

_SECOND = 1_000_000


@dataclass(frozen=True, slots=True)
class DurationTarget:
    """A time target (response, resolution): ``duration`` of working time in ``calendar``."""

    duration: timedelta
    calendar: Calendar


@dataclass(frozen=True, slots=True)
class DeadlineCounterexample:
    """A start for which the supporting deadline falls after the SLA deadline."""

    start: datetime
    sla_deadline: datetime
    supporting_deadline: datetime


@dataclass(frozen=True, slots=True)
class AvailabilityCounterexample:
    """Why a supporting availability target is weaker.

    Either ``uncovered_at`` is an instant of SLA service hours outside the
    supporting hours, or ``period_start`` is a period in which the supporting
    agreement allows more downtime (``supporting_downtime``) than the SLA
    (``sla_downtime``).
    """

    uncovered_at: datetime | None = None
    period_start: datetime | None = None
    sla_downtime: timedelta | None = None
    supporting_downtime: timedelta | None = None


def _ceil(value: int) -> int:
    return -(-value // _SECOND) * _SECOND


def _breakpoints(target: DurationTarget, start: int, end: int, duration: int) -> set[int]:
    """Starts in ``[start, end]`` where the deadline of ``target`` may change slope or jump."""
    calendar = target.calendar
    horizon = calendar.deadline_us(end, duration) + 1
    boundaries = [b for interval in calendar.intervals_us(start, horizon) for b in interval]
    points = {b for b in boundaries if b <= end}
    for boundary in boundaries:
        # The start whose deadline lands on this boundary.
        offset = calendar.work_between_us(start, boundary) - duration
        if offset == 0:
            points.add(start)
        elif offset > 0:
            point = calendar.deadline_us(start, offset)
            if point <= end:
                points.add(point)
    return points


def first_weaker_start(
    sla: DurationTarget, supporting: DurationTarget, window_start: datetime, window_end: datetime
) -> DeadlineCounterexample | None:
    """Earliest start in ``[window_start, window_end]`` (to the second) where the
    supporting deadline is later than the SLA deadline; None if there is none."""
    start, end = _ceil(to_us(window_start)), to_us(window_end)
    if end < start:
        raise EngineError(f"The window ends ({window_end}) before it starts ({window_start}).")
    sla_us, sup_us = duration_us(sla.duration), duration_us(supporting.duration)

    def excess(at: int) -> int:
        return supporting.calendar.deadline_us(at, sup_us) - sla.calendar.deadline_us(at, sla_us)

    candidates = _breakpoints(sla, start, end, sla_us) | _breakpoints(supporting, start, end, sup_us)
    grid: set[int] = {start, end - end % _SECOND}
    for point in candidates:
        snapped = _ceil(point)
        grid.update((snapped, snapped + _SECOND))
    points = sorted(p for p in grid if start <= p <= end)
    previous: int | None = None
    for point in points:
        if excess(point) > 0:
            if previous is not None and point - previous > _SECOND:
                # Affine between breakpoints: bisect for the first violating second.
                low, high = previous, point
                while high - low > _SECOND:
                    middle = low + (high - low) // (2 * _SECOND) * _SECOND
                    if excess(middle) > 0:
                        high = middle
                    else:
                        low = middle
                point = high
            return DeadlineCounterexample(
                start=from_us(point),
                sla_deadline=from_us(sla.calendar.deadline_us(point, sla_us)),
                supporting_deadline=from_us(supporting.calendar.deadline_us(point, sup_us)),
            )
        previous = point
    return None


def first_weaker_availability(
    sla_percent: float,
    sla_calendar: Calendar,
    supporting_percent: float,
    supporting_calendar: Calendar,
    window_start: datetime,
    window_end: datetime,
    period: PeriodKind | str,
    tz: str = "UTC",
) -> AvailabilityCounterexample | None:
    """First reason, within the window, why the supporting availability target is weaker."""
    for percent in (sla_percent, supporting_percent):
        if not 0 <= percent <= 100:
            raise EngineError(f"An availability of {percent} % is not between 0 and 100.")
    start, end = to_us(window_start), to_us(window_end)
    sla_intervals = sla_calendar.intervals_us(start, end)
    sup_intervals = supporting_calendar.intervals_us(start, end)
    uncovered, _ = _subtract(
        [s for s, _ in sla_intervals],
        [e for _, e in sla_intervals],
        [s for s, _ in sup_intervals],
        [e for _, e in sup_intervals],
    )
    if uncovered:
        return AvailabilityCounterexample(uncovered_at=from_us(uncovered[0]))
    for each in periods_between(window_start, window_end, period, tz):
        p_start, p_end = to_us(each.start), to_us(each.end)
        sla_hours = sla_calendar.work_between_us(p_start, p_end)
        sup_hours = supporting_calendar.work_between_us(p_start, p_end)
        sla_allowed = (100 - sla_percent) * sla_hours / 100
        sup_allowed = (100 - supporting_percent) * sup_hours / 100
        # All of the supporting downtime can fall in SLA hours, up to all of them.
        if min(sup_allowed, sla_hours) > sla_allowed:
            return AvailabilityCounterexample(
                period_start=each.start,
                sla_downtime=timedelta(microseconds=round(sla_allowed)),
                supporting_downtime=timedelta(microseconds=round(sup_allowed)),
            )
    return None


def is_weaker_value(sla_value: float, supporting_value: float, higher_is_better: bool) -> bool:
    """For targets in the same unit and period: counts and durations (lower is better),
    availability and MTBF (higher is better)."""
    if higher_is_better:
        return supporting_value < sla_value
    return supporting_value > sla_value
