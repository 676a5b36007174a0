"""Availability and incident statistics of a service over a period (seed §5.5).

Outages are measured from the user's point of view, within the service hours
of the service: overlapping outages count once, time outside service hours
does not count, and with ``until_notified`` an outage lasts until the
customer was told the service is restored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .calendar import Calendar, _merge, to_us
from .errors import EngineError

__all__ = ["Availability", "IncidentStatistics", "Outage", "availability", "incident_statistics"]

_US = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Outage:
    """An interruption of the service: from ``start`` to ``restored``.

    ``notified`` is when the customer was told it is restored; None when not
    (yet) told. An outage not yet restored has ``restored`` None and lasts to
    the end of the period.
    """

    start: datetime
    restored: datetime | None = None
    notified: datetime | None = None

    def end_us(self, until_notified: bool, open_end: int) -> int:
        end = self.notified if until_notified else self.restored
        return to_us(end) if end else max(open_end, to_us(self.start))


@dataclass(frozen=True, slots=True)
class Availability:
    service_time: timedelta
    """Service hours in the period."""
    downtime: timedelta
    """Service hours lost to outages."""

    @property
    def percent(self) -> float | None:
        """Available share of the service hours, in %; None when the period has no service hours."""
        if not self.service_time:
            return None
        return 100.0 * (self.service_time - self.downtime) / self.service_time


@dataclass(frozen=True, slots=True)
class IncidentStatistics:
    count: int
    """Outages that started in the period."""
    mtbf: timedelta | None
    """Mean service time between failures: available service time / count."""
    mean_duration: timedelta | None
    """Mean downtime (service hours) of the outages that started in the period, whole
    even past the period's end; an outage still open counts to the period's end."""
    max_duration: timedelta | None


def _check_period(start: datetime, end: datetime) -> tuple[int, int]:
    start_us, end_us = to_us(start), to_us(end)
    if end_us < start_us:
        raise EngineError(f"The period ends ({end}) before it starts ({start}).")
    return start_us, end_us


def _clipped(outages: Iterable[Outage], start: int, end: int, until_notified: bool) -> list[tuple[int, int]]:
    spans = []
    for outage in outages:
        o_start = to_us(outage.start)
        o_end = outage.end_us(until_notified, end)
        if o_end < o_start:
            raise EngineError(f"The outage starting {outage.start} ends before it starts.")
        spans.append((max(o_start, start), min(o_end, end)))
    return spans


def _downtime(calendar: Calendar, spans: list[tuple[int, int]]) -> int:
    starts, ends = _merge(spans)
    return sum(calendar.work_between_us(s, e) for s, e in zip(starts, ends, strict=True))


def availability(
    calendar: Calendar,
    start: datetime,
    end: datetime,
    outages: Iterable[Outage],
    until_notified: bool = False,
) -> Availability:
    """Service hours and downtime of ``[start, end)`` in the service's ``calendar``."""
    start_us, end_us = _check_period(start, end)
    downtime = _downtime(calendar, _clipped(outages, start_us, end_us, until_notified))
    return Availability(
        service_time=timedelta(microseconds=calendar.work_between_us(start_us, end_us)),
        downtime=timedelta(microseconds=downtime),
    )


def incident_statistics(
    calendar: Calendar,
    start: datetime,
    end: datetime,
    outages: Iterable[Outage],
    until_notified: bool = False,
) -> IncidentStatistics:
    """Count, MTBF and durations of the outages that started in ``[start, end)``."""
    start_us, end_us = _check_period(start, end)
    outages = list(outages)
    spans = _clipped(outages, start_us, end_us, until_notified)
    # An incident's duration is whole, even when it lasts past the period.
    durations = [
        calendar.work_between_us(to_us(outage.start), outage.end_us(until_notified, end_us))
        for outage in outages
        if start_us <= to_us(outage.start) < end_us
    ]
    if not durations:
        return IncidentStatistics(0, None, None, None)
    uptime = calendar.work_between_us(start_us, end_us) - _downtime(calendar, spans)
    return IncidentStatistics(
        count=len(durations),
        mtbf=timedelta(microseconds=uptime // len(durations)),
        mean_duration=timedelta(microseconds=sum(durations) // len(durations)),
        max_duration=timedelta(microseconds=max(durations)),
    )
