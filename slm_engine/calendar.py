"""Working calendars and business-time arithmetic.

A :class:`Calendar` is an immutable value built from plain data: working hours
per weekday (several intervals a day, optionally a two-week rotation and
validity dates, as in Odoo's ``resource.calendar``), an IANA time zone,
closures (holidays, as instant ranges) and extra working days (make-up
workdays on a weekend, such as China's 调休).

Arithmetic works on a *timeline*: the calendar's working intervals as UTC
microseconds with a running total of business time. The timeline is built
lazily, a local year at a time, and kept in the calendar value. With it,

* business time from a fixed origin to any instant, ``W(t)``, is one bisection;
* the deadline of ``start + duration`` is ``W⁻¹(W(start) + duration)``, one more
  bisection,

so the cost of a call does not grow with the number of weeks a duration spans.

Wall-clock times are turned into instants the way Odoo does (pytz ``localize``
with ``is_dst=False``): a time skipped by a daylight-saving switch takes the
offset in force before the switch; a repeated time takes its standard-time
occurrence. An attendance ending at 24:00 ends at the next midnight (Odoo
ends it one microsecond earlier, at 23:59:59.999999).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import (
    HorizonExceededError,
    InvalidCalendarError,
    NaiveDatetimeError,
    NegativeDurationError,
    NoWorkingTimeError,
    UnknownTimeZoneError,
)

__all__ = [
    "DEFAULT_HORIZON_YEARS",
    "Attendance",
    "Calendar",
    "WorkingDay",
    "business_duration",
    "deadline",
    "from_us",
    "next_working_instant",
    "to_us",
    "working_intervals",
]

#: How far after its start a duration may end before the engine gives up
#: (:class:`HorizonExceededError`). Odoo's ``plan_hours`` gives up after
#: 1,400 days and returns False.
DEFAULT_HORIZON_YEARS = 10

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
_MIN_YEAR, _MAX_YEAR = 1971, 9000
_ZERO = timedelta(0)
_YEAR_US = 366 * 24 * 3600 * 1_000_000


def to_us(instant: datetime) -> int:
    """Microseconds since the Unix epoch of an aware datetime."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise NaiveDatetimeError(f"{instant!r} has no time zone: give an aware datetime (e.g. in UTC).")
    return (instant - EPOCH) // US


def from_us(value: int) -> datetime:
    """The aware UTC datetime of microseconds since the Unix epoch."""
    return EPOCH + timedelta(microseconds=value)


def duration_us(duration: timedelta) -> int:
    if duration < _ZERO:
        raise NegativeDurationError(f"The duration {duration} is negative.")
    return duration // US


def _minutes(hour: float) -> int:
    """Minutes after midnight of an Odoo float hour (8.5 is 08:30), rounded like Odoo."""
    fractional, integral = math.modf(hour)
    return int(integral) * 60 + math.floor(60 * fractional + 0.5)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownTimeZoneError(f"Unknown time zone {name!r}.") from exc


def localize(wall: datetime, zone: ZoneInfo) -> int:
    """Microseconds since the epoch of a naive wall-clock time in ``zone``.

    Same choice as pytz ``localize(is_dst=False)``: in a gap the offset before
    the switch, in an overlap the standard-time (non-DST) occurrence.
    """
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    offset = first.utcoffset()
    if offset != second.utcoffset():
        round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        is_gap = round_trip != wall
        if not is_gap and first.dst():
            offset = second.utcoffset()
    naive_us = (wall - EPOCH.replace(tzinfo=None)) // US
    return naive_us - offset // US


@dataclass(frozen=True, slots=True)
class Attendance:
    """Working hours on one weekday, like a ``resource.calendar.attendance`` line.

    ``weekday`` 0 is Monday. ``hour_from``/``hour_to`` are local float hours
    (``8.5`` is 08:30, ``24`` is midnight at the end of the day). ``week_type``
    is ``None`` for every week, else 0 or 1 in a two-week calendar (Odoo's
    parity of the week since 1 January of year 1). ``date_from``/``date_to``
    bound the local dates the line is valid on, inclusive.
    """

    weekday: int
    hour_from: float
    hour_to: float
    week_type: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def __post_init__(self):
        if not 0 <= self.weekday <= 6:
            raise InvalidCalendarError(f"Weekday {self.weekday} is not between 0 (Monday) and 6 (Sunday).")
        if not 0 <= self.hour_from < self.hour_to <= 24:
            raise InvalidCalendarError(
                f"Working hours {self.hour_from}-{self.hour_to} must satisfy 0 <= from < to <= 24."
            )
        if self.week_type not in (None, 0, 1):
            raise InvalidCalendarError(f"Week type {self.week_type} must be None, 0 or 1.")
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise InvalidCalendarError(
                f"Attendance valid to {self.date_to} before it is valid from {self.date_from}."
            )

    def applies_on(self, day: date) -> bool:
        return not (
            (self.date_from and day < self.date_from)
            or (self.date_to and day > self.date_to)
            or (self.week_type is not None and week_type(day) != self.week_type)
        )


@dataclass(frozen=True, slots=True)
class WorkingDay:
    """Extra working hours on one local date (e.g. a make-up workday on a Saturday)."""

    day: date
    hour_from: float
    hour_to: float

    def __post_init__(self):
        if not 0 <= self.hour_from < self.hour_to <= 24:
            raise InvalidCalendarError(
                f"Working hours {self.hour_from}-{self.hour_to} on {self.day} must satisfy 0 <= from < to <= 24."
            )


def week_type(day: date) -> int:
    """Odoo's week type of a date: parity of the number of weeks since 1 January of year 1."""
    return ((day.toordinal() - 1) // 7) % 2


class _Timeline:
    """Working intervals of local years ``[first_year, last_year]`` in UTC microseconds.

    ``starts[i]``/``ends[i]`` bound interval ``i``; ``cum[i]`` is the business
    time before it, counted from the start of ``first_year``.
    """

    __slots__ = ("cum", "ends", "first_year", "hi", "last_year", "lo", "starts")

    def __init__(self, first_year, last_year, lo, hi, starts, ends):
        self.first_year, self.last_year, self.lo, self.hi = first_year, last_year, lo, hi
        self.starts, self.ends = starts, ends
        cum, total = [], 0
        for start, end in zip(starts, ends, strict=True):
            cum.append(total)
            total += end - start
        cum.append(total)
        self.cum = cum

    @property
    def total(self) -> int:
        return self.cum[-1]

    def work_before(self, t: int) -> int:
        """Business time from the start of the timeline to ``t`` (inside the timeline)."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return 0
        return self.cum[i] + min(t, self.ends[i]) - self.starts[i]

    def instant_at(self, work: int) -> int:
        """Earliest instant at which ``work`` business time has passed (``0 < work <= total``)."""
        i = bisect_left(self.cum, work, 1) - 1
        return self.starts[i] + work - self.cum[i]


@dataclass(frozen=True, eq=False)
class Calendar:
    """Working time of a service or a team.

    Build it from plain data; see :meth:`always` for 24×7. ``closures`` are
    ``(start, end)`` pairs of aware datetimes (holidays, global leaves) taken
    out of the working time; ``extra_days`` add working hours on given dates.
    """

    attendances: tuple[Attendance, ...] = ()
    tz: str = "UTC"
    closures: tuple[tuple[datetime, datetime], ...] = ()
    extra_days: tuple[WorkingDay, ...] = ()
    name: str = ""
    _zone: ZoneInfo = field(init=False, repr=False)
    _closures_us: tuple[tuple[int, ...], tuple[int, ...]] = field(init=False, repr=False)
    _by_weekday: tuple[tuple[Attendance, ...], ...] = field(init=False, repr=False)
    _extra_by_day: dict = field(init=False, repr=False)
    _timeline: list = field(init=False, repr=False)

    def __post_init__(self):
        setattr_ = object.__setattr__
        setattr_(self, "attendances", tuple(self.attendances))
        setattr_(self, "closures", tuple(self.closures))
        setattr_(self, "extra_days", tuple(self.extra_days))
        setattr_(self, "_zone", _zone(self.tz))
        setattr_(
            self, "_by_weekday", tuple(tuple(a for a in self.attendances if a.weekday == d) for d in range(7))
        )
        extra: dict[date, list[WorkingDay]] = {}
        for working_day in self.extra_days:
            extra.setdefault(working_day.day, []).append(working_day)
        setattr_(self, "_extra_by_day", extra)
        setattr_(self, "_closures_us", _merge([_closure_us(start, end) for start, end in self.closures]))
        setattr_(self, "_timeline", [None])

    @classmethod
    @cache
    def always(cls, name: str = "24x7") -> Calendar:
        """Every instant is working time.

        One calendar per name, shared: it keeps the timeline it has built between callers.
        """
        return cls(tuple(Attendance(d, 0, 24) for d in range(7)), "UTC", name=name)

    @property
    def has_working_time(self) -> bool:
        return bool(self.attendances or self.extra_days)

    # -- timeline ---------------------------------------------------------

    def _year_start(self, year: int) -> int:
        return localize(datetime(year, 1, 1), self._zone)

    def _year_intervals(self, year: int) -> tuple[list[int], list[int]]:
        """Working intervals of the local dates of ``year``, minus closures, merged."""
        zone, by_weekday, extra = self._zone, self._by_weekday, self._extra_by_day
        raw: list[tuple[int, int]] = []
        day = date(year, 1, 1)
        one_day = timedelta(days=1)
        while day.year == year:
            hours = [(a.hour_from, a.hour_to) for a in by_weekday[day.weekday()] if a.applies_on(day)]
            hours += [(w.hour_from, w.hour_to) for w in extra.get(day, ())]
            if hours:
                midnight = datetime(day.year, day.month, day.day)
                for hour_from, hour_to in hours:
                    start = localize(midnight + timedelta(minutes=_minutes(hour_from)), zone)
                    end = localize(midnight + timedelta(minutes=_minutes(hour_to)), zone)
                    if start < end:
                        raw.append((start, end))
            day += one_day
        starts, ends = _merge(raw)
        return _subtract(starts, ends, *self._closures_us)

    def _covering(self, first_year: int, last_year: int) -> _Timeline:
        """The timeline, extended to cover at least the local years given."""
        current = self._timeline[0]
        if current and current.first_year <= first_year and last_year <= current.last_year:
            return current
        if first_year < _MIN_YEAR or last_year > _MAX_YEAR:
            raise HorizonExceededError(f"Dates before {_MIN_YEAR} or after {_MAX_YEAR} are out of range.")
        if current:
            # Grow by at least the current size, so repeated extensions stay cheap.
            span = current.last_year - current.first_year + 1
            if first_year < current.first_year:
                first_year = max(_MIN_YEAR, min(first_year, current.first_year - span))
            if last_year > current.last_year:
                last_year = min(_MAX_YEAR, max(last_year, current.last_year + span))
            first_year = min(first_year, current.first_year)
            last_year = max(last_year, current.last_year)
        starts: list[int] = []
        ends: list[int] = []
        for year in range(first_year, last_year + 1):
            if current and current.first_year <= year <= current.last_year:
                if year == current.first_year:
                    starts += current.starts
                    ends += current.ends
                continue
            year_starts, year_ends = self._year_intervals(year)
            starts += year_starts
            ends += year_ends
        timeline = _Timeline(
            first_year, last_year, self._year_start(first_year), self._year_start(last_year + 1), starts, ends
        )
        self._timeline[0] = timeline
        return timeline

    def _timeline_at(self, t: int) -> _Timeline:
        current = self._timeline[0]
        if current and current.lo <= t < current.hi:
            return current
        year = from_us(t).year
        # The local year of t is the UTC year or a neighbour.
        return self._covering(year - 1, year + 1)

    # -- arithmetic on microseconds ----------------------------------------

    def work_between_us(self, start: int, end: int) -> int:
        if end <= start:
            return 0
        timeline = self._timeline_at(start)
        if not timeline.lo <= end < timeline.hi:
            timeline = self._covering(timeline.first_year, from_us(end).year + 1)
        return timeline.work_before(end) - timeline.work_before(start)

    def deadline_us(self, start: int, duration: int, horizon_years: int = DEFAULT_HORIZON_YEARS) -> int:
        if duration < 0:
            raise NegativeDurationError(f"The duration of {duration} µs is negative.")
        if duration == 0:
            return start
        if not self.has_working_time:
            raise NoWorkingTimeError(f"The calendar {self.name or self.tz} has no working time.")
        timeline = self._timeline_at(start)
        target = timeline.work_before(start) + duration
        horizon = start + horizon_years * _YEAR_US
        while target > timeline.total and timeline.hi <= horizon:
            timeline = self._covering(timeline.first_year, timeline.last_year + 1)
            target = timeline.work_before(start) + duration
        result = timeline.instant_at(target) if target <= timeline.total else None
        if result is None or result > horizon:
            raise HorizonExceededError(
                f"{timedelta(microseconds=duration)} of working time cannot be placed within "
                f"{horizon_years} years after {from_us(start):%Y-%m-%d %H:%M} UTC "
                f"in the calendar {self.name or self.tz}."
            )
        return result

    def next_working_us(self, at: int, horizon_years: int = DEFAULT_HORIZON_YEARS) -> int:
        """Earliest working instant at or after ``at``."""
        return self.deadline_us(at, 1, horizon_years) - 1

    def intervals_us(self, start: int, end: int) -> list[tuple[int, int]]:
        if end <= start:
            return []
        timeline = self._timeline_at(start)
        if not timeline.lo <= end < timeline.hi:
            timeline = self._covering(timeline.first_year, from_us(end).year + 1)
        first = max(0, bisect_right(timeline.ends, start))
        result = []
        for i in range(first, len(timeline.starts)):
            s = timeline.starts[i]
            if s >= end:
                break
            result.append((max(s, start), min(timeline.ends[i], end)))
        return result


def _closure_us(start: datetime, end: datetime) -> tuple[int, int]:
    start_us, end_us = to_us(start), to_us(end)
    if end_us < start_us:
        raise InvalidCalendarError(f"The closure from {start} ends before it starts ({end}).")
    return start_us, end_us


def _merge(intervals: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sort and merge overlapping or touching intervals."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _subtract(
    starts: Sequence[int], ends: Sequence[int], cut_starts: Sequence[int], cut_ends: Sequence[int]
) -> tuple[list[int], list[int]]:
    """Merged intervals minus merged intervals."""
    if not cut_starts or not starts:
        return list(starts), list(ends)
    out_starts: list[int] = []
    out_ends: list[int] = []
    j = max(0, bisect_right(cut_ends, starts[0]) - 1)
    for start, end in zip(starts, ends, strict=True):
        while j < len(cut_starts) and cut_ends[j] <= start:
            j += 1
        k = j
        while k < len(cut_starts) and cut_starts[k] < end:
            if cut_starts[k] > start:
                out_starts.append(start)
                out_ends.append(cut_starts[k])
            start = max(start, cut_ends[k])
            k += 1
        if start < end:
            out_starts.append(start)
            out_ends.append(end)
    return out_starts, out_ends


# -- public functions on datetimes ---------------------------------------------


def deadline(
    calendar: Calendar, start: datetime, duration: timedelta, horizon_years: int = DEFAULT_HORIZON_YEARS
) -> datetime:
    """Earliest instant at which ``duration`` of working time has passed since ``start``.

    A zero duration gives ``start`` itself (``plan_hours(0, ...)`` gives the
    next working instant instead).
    """
    return from_us(calendar.deadline_us(to_us(start), duration_us(duration), horizon_years))


def business_duration(calendar: Calendar, start: datetime, end: datetime) -> timedelta:
    """Working time between two instants (zero when ``end`` is not after ``start``)."""
    return timedelta(microseconds=calendar.work_between_us(to_us(start), to_us(end)))


def next_working_instant(
    calendar: Calendar, at: datetime, horizon_years: int = DEFAULT_HORIZON_YEARS
) -> datetime:
    """``at`` itself in working time, else the start of the next working interval."""
    return from_us(calendar.next_working_us(to_us(at), horizon_years))


def working_intervals(calendar: Calendar, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The working intervals between two instants, clipped to them, in UTC."""
    return [(from_us(s), from_us(e)) for s, e in calendar.intervals_us(to_us(start), to_us(end))]
