"""SLA clocks: from the events of a ticket, elapsed business time, deadline and status.

A clock measures one target (e.g. "resolve within 8 working hours") on one
ticket. Its events are facts with instants: the clock starts, pauses (waiting
for the customer), resumes, the target is reached, the customer is notified
that service is restored, or the clock is cancelled. :func:`evaluate` turns
them into the state at a given instant.

Rules:

* Only running time counts; pauses move the deadline by the business time
  they covered.
* With ``stop_at_notification`` (seed §5.5 (1): a service counts as
  unavailable until the user is told it is restored) the clock stops at the
  customer notification, not when the target is reached.
* Reaching the target at the deadline is met; later is breached, and the
  reached instant is kept.
* Status precedence: cancelled, met/breached once stopped, else breached past
  the deadline, paused, at risk past the warning threshold, ongoing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from .calendar import Calendar, from_us, to_us
from .errors import InvalidEventsError, NegativeDurationError

__all__ = ["ClockEvent", "ClockPolicy", "ClockState", "EventKind", "Status", "evaluate", "share_reached_at"]


class EventKind(str, Enum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    REACHED = "reached"
    CUSTOMER_NOTIFIED = "customer_notified"
    REOPEN = "reopen"
    CANCEL = "cancel"


class Status(str, Enum):
    ONGOING = "ongoing"
    PAUSED = "paused"
    AT_RISK = "at_risk"
    MET = "met"
    BREACHED = "breached"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class ClockEvent:
    kind: EventKind
    at: datetime


@dataclass(frozen=True, slots=True)
class ClockPolicy:
    """What a clock measures: a business duration in a calendar.

    ``warning`` is the share of the target (0 < warning <= 1) after which an
    unfinished clock is at risk.
    """

    target: timedelta
    calendar: Calendar
    warning: float = 0.75
    stop_at_notification: bool = False

    def __post_init__(self):
        if self.target <= timedelta(0):
            raise NegativeDurationError(f"A clock target must be positive, not {self.target}.")
        if not 0 < self.warning <= 1:
            raise NegativeDurationError(
                f"The warning threshold {self.warning} must be above 0 and at most 1."
            )


@dataclass(frozen=True, slots=True)
class ClockState:
    status: Status
    started_at: datetime
    elapsed: timedelta
    """Business time the clock ran, up to the stop or to the evaluation instant."""
    paused: timedelta
    """Business time that pauses kept off the clock."""
    remaining: timedelta
    """Business time left before the deadline (zero once exhausted)."""
    deadline: datetime | None
    """When the target is or was due; None while paused with time left."""
    warning_at: datetime | None
    """When the running time reaches (or reached) the warning threshold; None if it will not."""
    stopped_at: datetime | None
    """When the target was reached (or the customer notified), or the clock cancelled."""
    percent: float
    """Elapsed time as a percentage of the target (above 100 once breached)."""


_ORDER = {
    EventKind.START: 0,
    EventKind.RESUME: 1,
    EventKind.REACHED: 2,
    EventKind.CUSTOMER_NOTIFIED: 3,
    EventKind.REOPEN: 4,
    EventKind.PAUSE: 5,
    EventKind.CANCEL: 6,
}


def _stops(policy: ClockPolicy, kind: EventKind) -> bool:
    if kind is EventKind.CANCEL:
        return True
    if policy.stop_at_notification:
        return kind is EventKind.CUSTOMER_NOTIFIED
    return kind is EventKind.REACHED


@dataclass(frozen=True, slots=True)
class _Replay:
    """The events replayed into running and paused segments (microseconds)."""

    started: int
    running: tuple[tuple[int, int], ...]
    pauses: tuple[tuple[int, int], ...]
    end: int
    stop: int | None
    stop_kind: EventKind | None
    is_running: bool

    @property
    def open_segment(self) -> bool:
        return self.is_running and self.stop is None

    def instant_for(
        self, calendar: Calendar, budget: int, worked: tuple[int, ...] | None = None
    ) -> int | None:
        """When the running time reaches ``budget``: in a past running segment, or
        projected on the segment still running; None if it was not and will not be.
        ``worked`` is the business time of each running segment, when known."""
        if worked is None:
            worked = tuple(calendar.work_between_us(a, b) for a, b in self.running)
        elapsed = 0
        for (seg_start, seg_end), work in zip(self.running, worked, strict=True):
            if elapsed + work >= budget or (self.open_segment and seg_end == self.end):
                return calendar.deadline_us(seg_start, budget - elapsed)
            elapsed += work
        return None


def _replay(policy: ClockPolicy, events: Iterable[ClockEvent], now_us: int) -> _Replay:
    ordered = sorted((to_us(e.at), _ORDER[e.kind], e.kind) for e in events)
    starts = [at for at, _, kind in ordered if kind is EventKind.START and at <= now_us]
    if not starts:
        raise InvalidEventsError("A clock needs a start event at or before the evaluation instant.")
    started = starts[0]
    running: list[tuple[int, int]] = []
    pauses: list[tuple[int, int]] = []
    since, is_running = started, True
    stop: int | None = None
    stop_kind: EventKind | None = None
    for at, _, kind in ordered:
        if at < started or at > now_us:
            continue
        if stop is not None:
            if kind is EventKind.REOPEN:
                # Reopened: the clock runs again; the time it was closed does not count.
                pauses.append((stop, at))
                stop, stop_kind, since, is_running = None, None, at, True
            continue
        if kind is EventKind.PAUSE and is_running:
            running.append((since, at))
            since, is_running = at, False
        elif kind is EventKind.RESUME and not is_running:
            pauses.append((since, at))
            since, is_running = at, True
        elif _stops(policy, kind):
            (running if is_running else pauses).append((since, at))
            stop, stop_kind = at, kind
            if kind is EventKind.CANCEL:
                break
    end = stop if stop is not None else now_us
    if stop is None:
        (running if is_running else pauses).append((since, end))
    return _Replay(started, tuple(running), tuple(pauses), end, stop, stop_kind, is_running)


def evaluate(policy: ClockPolicy, events: Iterable[ClockEvent], now: datetime) -> ClockState:
    """State of the clock at ``now`` given its events (events after ``now`` are ignored).

    Events at the same instant apply in the order start, resume, reached,
    notified, reopen, pause, cancel; a pause while paused or a resume while
    running changes nothing. After the stop only a reopen counts: the clock
    runs again and the time it was stopped counts as paused. A cancel is final.
    """
    calendar = policy.calendar
    target = policy.target // timedelta(microseconds=1)
    replay = _replay(policy, events, to_us(now))
    started, stop, stop_kind, is_running = replay.started, replay.stop, replay.stop_kind, replay.is_running
    worked = tuple(calendar.work_between_us(a, b) for a, b in replay.running)
    elapsed = sum(worked)
    paused = sum(calendar.work_between_us(a, b) for a, b in replay.pauses)
    due = replay.instant_for(calendar, target, worked)
    if due is None and stop is not None and stop_kind is not EventKind.CANCEL:
        # Stopped with time left: the deadline it would have had.
        due = calendar.deadline_us(stop, target - elapsed)
    warning_at = replay.instant_for(calendar, max(1, round(policy.warning * target)), worked)

    if stop_kind is EventKind.CANCEL:
        status = Status.CANCELLED
    elif stop is not None:
        status = Status.MET if elapsed <= target else Status.BREACHED
    elif elapsed > target:
        status = Status.BREACHED
    elif not is_running:
        status = Status.PAUSED
    elif elapsed >= policy.warning * target:
        status = Status.AT_RISK
    else:
        status = Status.ONGOING
    return ClockState(
        status=status,
        started_at=from_us(started),
        elapsed=timedelta(microseconds=elapsed),
        paused=timedelta(microseconds=paused),
        remaining=timedelta(microseconds=max(0, target - elapsed)),
        deadline=from_us(due) if due is not None else None,
        warning_at=from_us(warning_at) if warning_at is not None else None,
        stopped_at=from_us(stop) if stop is not None else None,
        percent=100.0 * elapsed / target,
    )


def share_reached_at(
    policy: ClockPolicy, events: Iterable[ClockEvent], now: datetime, share: float
) -> datetime | None:
    """When the running time reaches ``share`` of the target (e.g. 0.5 for an escalation at 50 %):
    in the past, or projected while the clock runs; None when it was not and will not be."""
    if share <= 0:
        raise NegativeDurationError(f"The share {share} of a target must be positive.")
    replay = _replay(policy, events, to_us(now))
    target = policy.target // timedelta(microseconds=1)
    instant = replay.instant_for(policy.calendar, max(1, round(share * target)))
    return from_us(instant) if instant is not None else None
