"""Measurement periods (week, month, quarter, year in a time zone) and compliance per period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from .calendar import _zone, from_us, localize, to_us
from .clock import Status
from .errors import EngineError

__all__ = ["Compliance", "Period", "PeriodKind", "aggregate", "period_of", "periods_between"]


class PeriodKind(str, Enum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Period:
    kind: PeriodKind
    start: datetime
    end: datetime
    key: str
    """Readable and sortable: ``2026-W09``, ``2026-03``, ``2026-Q1``, ``2026``."""


def _first_day(day: date, kind: PeriodKind) -> date:
    if kind is PeriodKind.WEEK:
        return day - timedelta(days=day.weekday())
    if kind is PeriodKind.MONTH:
        return day.replace(day=1)
    if kind is PeriodKind.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def _next_first_day(first: date, kind: PeriodKind) -> date:
    if kind is PeriodKind.WEEK:
        return first + timedelta(days=7)
    months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[kind]
    month = first.month - 1 + months
    return date(first.year + month // 12, month % 12 + 1, 1)


def _key(first: date, kind: PeriodKind) -> str:
    if kind is PeriodKind.WEEK:
        year, week, _ = first.isocalendar()
        return f"{year}-W{week:02d}"
    if kind is PeriodKind.MONTH:
        return f"{first:%Y-%m}"
    if kind is PeriodKind.QUARTER:
        return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    return str(first.year)


def _period(first: date, kind: PeriodKind, tz: str) -> Period:
    zone = _zone(tz)
    following = _next_first_day(first, kind)
    start = localize(datetime(first.year, first.month, first.day), zone)
    end = localize(datetime(following.year, following.month, following.day), zone)
    return Period(PeriodKind(kind), from_us(start), from_us(end), _key(first, kind))


def period_of(instant: datetime, kind: PeriodKind | str, tz: str = "UTC") -> Period:
    """The period of ``kind`` in time zone ``tz`` that contains ``instant``."""
    kind = PeriodKind(kind)
    to_us(instant)  # rejects naive datetimes
    local_day = instant.astimezone(_zone(tz)).date()
    return _period(_first_day(local_day, kind), kind, tz)


def periods_between(start: datetime, end: datetime, kind: PeriodKind | str, tz: str = "UTC") -> list[Period]:
    """The periods that overlap ``[start, end)``, in order."""
    if end < start:
        raise EngineError(f"The range ends ({end}) before it starts ({start}).")
    kind = PeriodKind(kind)
    to_us(start)  # rejects naive datetimes
    first = _first_day(start.astimezone(_zone(tz)).date(), kind)
    periods = [_period(first, kind, tz)]
    while periods[-1].end < end:
        first = _next_first_day(first, kind)
        periods.append(_period(first, kind, tz))
    return periods


@dataclass(frozen=True, slots=True)
class Compliance:
    met: int = 0
    breached: int = 0
    ongoing: int = 0

    @property
    def ratio(self) -> float | None:
        """Met share of the finished clocks; None when none finished."""
        finished = self.met + self.breached
        return self.met / finished if finished else None


_BUCKET = {
    Status.MET: "met",
    Status.BREACHED: "breached",
    Status.ONGOING: "ongoing",
    Status.PAUSED: "ongoing",
    Status.AT_RISK: "ongoing",
}


def aggregate(
    outcomes: Iterable[tuple[Hashable, datetime, Status | str]], kind: PeriodKind | str, tz: str = "UTC"
) -> dict[tuple[Hashable, str], Compliance]:
    """Count met, breached and ongoing clocks per target and period.

    Each outcome is ``(target, instant, status)``; the instant (usually the
    deadline) decides the period. Cancelled clocks do not count.
    """
    kind = PeriodKind(kind)
    counts: Counter = Counter()
    for target, instant, status in outcomes:
        bucket = _BUCKET.get(Status(status))
        if bucket:
            counts[target, period_of(instant, kind, tz).key, bucket] += 1
    result: dict[tuple[Hashable, str], Compliance] = {}
    for target, key, _bucket in counts:
        if (target, key) not in result:
            result[target, key] = Compliance(
                met=counts[target, key, "met"],
                breached=counts[target, key, "breached"],
                ongoing=counts[target, key, "ongoing"],
            )
    return result
