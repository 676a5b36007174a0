from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slm_engine import (
    Calendar,
    ClockEvent,
    ClockPolicy,
    EventKind,
    InvalidEventsError,
    NegativeDurationError,
    Status,
    business_duration,
    evaluate,
    share_reached_at,
)

from . import reference
from .strategies import calendar_of, cases

STEP = reference.STEP
MICRO = timedelta(microseconds=1)
FOLLOWING = [
    EventKind.PAUSE,
    EventKind.RESUME,
    EventKind.REACHED,
    EventKind.CUSTOMER_NOTIFIED,
    EventKind.CANCEL,
]


def reference_clock(spec, start, events, now, target, warning, stop_at_notification):
    """Walk the clock step by step: the obviously correct model of ``evaluate``.

    States: running, paused, stopped (reopenable), cancelled. Returns
    (status, elapsed, paused, deadline, warning instant, stop instant).
    """
    stop_kinds = {EventKind.CUSTOMER_NOTIFIED if stop_at_notification else EventKind.REACHED}
    warning_budget = max(MICRO, timedelta(microseconds=round(warning * (target // MICRO))))
    state, stop_at = "running", None
    elapsed, paused, closed, due, warned = timedelta(0), timedelta(0), timedelta(0), None, None
    pending = [e for e in events if e[0] <= now]

    def apply_events_until(instant):
        nonlocal state, stop_at, paused, closed
        while pending and pending[0][0] <= instant:
            at, kind = pending.pop(0)
            if state == "cancelled":
                continue
            if state == "stopped":
                if kind is EventKind.REOPEN:
                    state, stop_at, paused, closed = "running", None, paused + closed, timedelta(0)
                continue
            if kind is EventKind.CANCEL:
                state, stop_at = "cancelled", at
            elif kind in stop_kinds:
                state, stop_at = "stopped", at
            elif kind is EventKind.PAUSE:
                state = "paused" if state == "running" else state
            elif kind is EventKind.RESUME:
                state = "running" if state == "paused" else state

    instant = start
    while instant < now:
        apply_events_until(instant)
        if reference.is_working(spec, instant):
            if state == "running":
                if due is None and target - elapsed <= STEP:
                    due = instant + (target - elapsed)
                if warned is None and warning_budget - elapsed <= STEP:
                    warned = instant + (warning_budget - elapsed)
                elapsed += STEP
            elif state == "paused":
                paused += STEP
            elif state == "stopped":
                closed += STEP  # counts as paused only if the clock is reopened
        instant += STEP
    apply_events_until(now)
    if due is None and state != "cancelled":
        if state == "stopped":
            due = reference.deadline(spec, stop_at, target - elapsed)
        elif state == "running":
            due = reference.deadline(spec, now, target - elapsed)
    if warned is None and state == "running":
        warned = reference.deadline(spec, now, warning_budget - elapsed)
    if state == "cancelled":
        status = Status.CANCELLED
    elif state == "stopped":
        status = Status.MET if elapsed <= target else Status.BREACHED
    elif elapsed > target:
        status = Status.BREACHED
    elif state == "paused":
        status = Status.PAUSED
    elif elapsed >= warning * target:
        status = Status.AT_RISK
    else:
        status = Status.ONGOING
    return status, elapsed, paused, due, warned, stop_at if state in ("stopped", "cancelled") else None


@st.composite
def clock_cases(draw):
    spec, start = draw(cases())
    offsets = sorted(set(draw(st.lists(st.integers(1, 4 * 24 * 4), max_size=6))))
    events = [(start + STEP * o, draw(st.sampled_from(FOLLOWING))) for o in offsets]
    now = start + STEP * draw(st.integers(0, 4 * 24 * 5))
    target = timedelta(minutes=draw(st.integers(1, 16 * 60)))
    return spec, start, events, now, target, draw(st.booleans())


@settings(max_examples=200, deadline=None)
@given(clock_cases())
def test_clock_matches_step_walk(case):
    """Elapsed, paused, deadline and status agree with the step-by-step walk."""
    spec, start, events, now, target, notification = case
    policy = ClockPolicy(target, calendar_of(spec), warning=0.5, stop_at_notification=notification)
    state = evaluate(
        policy, [ClockEvent(EventKind.START, start)] + [ClockEvent(k, at) for at, k in events], now
    )
    status, elapsed, paused, due, warned, stop = reference_clock(
        spec, start, events, now, target, 0.5, notification
    )
    assert (
        state.status,
        state.elapsed,
        state.paused,
        state.deadline,
        state.warning_at,
        state.stopped_at,
    ) == (
        status,
        elapsed,
        paused,
        due,
        warned,
        stop,
    )
    half = share_reached_at(
        policy, [ClockEvent(EventKind.START, start)] + [ClockEvent(k, at) for at, k in events], now, 0.5
    )
    assert half == warned
    assert state.elapsed + state.paused == business_duration(policy.calendar, start, stop or now)


def test_reopened_clock_runs_again():
    """Reopened after it was reached, the clock runs again; the closed time counts as paused."""
    state = clock((1, EventKind.REACHED), (3, EventKind.REOPEN), now=T0 + timedelta(hours=4))
    assert state.status is Status.ONGOING
    assert (state.elapsed, state.paused) == (timedelta(hours=2), timedelta(hours=2))
    assert state.deadline == T0 + timedelta(hours=6)
    assert state.stopped_at is None
    cancelled = clock((1, EventKind.CANCEL), (3, EventKind.REOPEN), now=T0 + timedelta(hours=4))
    assert cancelled.status is Status.CANCELLED


ALWAYS = Calendar.always()
T0 = datetime(2026, 5, 4, 8, tzinfo=UTC)


def clock(*events, target=timedelta(hours=4), now=None, **policy):
    policy = ClockPolicy(target, ALWAYS, **policy)
    events = [ClockEvent(EventKind.START, T0)] + [
        ClockEvent(kind, T0 + timedelta(hours=h)) for h, kind in events
    ]
    return evaluate(policy, events, now or T0 + timedelta(hours=100))


def test_pause_moves_deadline():
    """Two paused hours move the deadline by two hours."""
    state = clock((1, EventKind.PAUSE), (3, EventKind.RESUME), now=T0 + timedelta(hours=4))
    assert state.status is Status.ONGOING
    assert state.paused == timedelta(hours=2)
    assert state.deadline == T0 + timedelta(hours=6)


def test_paused_clock_has_no_deadline():
    """While paused with time left, the clock has no deadline."""
    state = clock((1, EventKind.PAUSE), now=T0 + timedelta(hours=2))
    assert state.status is Status.PAUSED
    assert state.deadline is None
    assert state.remaining == timedelta(hours=3)


def test_reached_late_is_breached_and_keeps_instant():
    """Reached after the deadline: breached, with the reached instant and the deadline kept."""
    state = clock((5, EventKind.REACHED))
    assert state.status is Status.BREACHED
    assert state.stopped_at == T0 + timedelta(hours=5)
    assert state.deadline == T0 + timedelta(hours=4)
    assert state.percent == pytest.approx(125)


def test_reached_at_deadline_is_met():
    state = clock((4, EventKind.REACHED))
    assert state.status is Status.MET


def test_at_risk_after_warning():
    assert clock(now=T0 + timedelta(hours=2, minutes=59), warning=0.75).status is Status.ONGOING
    assert clock(now=T0 + timedelta(hours=3), warning=0.75).status is Status.AT_RISK


def test_breached_while_running_then_paused():
    """A clock paused after its deadline passed stays breached, with that deadline."""
    state = clock((5, EventKind.PAUSE), now=T0 + timedelta(hours=6))
    assert state.status is Status.BREACHED
    assert state.deadline == T0 + timedelta(hours=4)


def test_stop_at_customer_notification():
    """Seed §5.5 (1): the service is unavailable until the customer is told it is restored."""
    events = ((2, EventKind.REACHED), (5, EventKind.CUSTOMER_NOTIFIED))
    assert clock(*events).status is Status.MET
    state = clock(*events, stop_at_notification=True)
    assert state.status is Status.BREACHED
    assert state.stopped_at == T0 + timedelta(hours=5)


def test_cancelled():
    state = clock((1, EventKind.CANCEL))
    assert state.status is Status.CANCELLED
    assert state.elapsed == timedelta(hours=1)


def test_bad_events_and_policy():
    with pytest.raises(InvalidEventsError):
        evaluate(ClockPolicy(timedelta(hours=1), ALWAYS), [ClockEvent(EventKind.PAUSE, T0)], T0)
    with pytest.raises(NegativeDurationError):
        ClockPolicy(timedelta(0), ALWAYS)
    with pytest.raises(NegativeDurationError):
        ClockPolicy(timedelta(hours=1), ALWAYS, warning=1.5)
