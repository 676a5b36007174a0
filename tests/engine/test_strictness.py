from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slm_engine import (
    Attendance,
    Calendar,
    DurationTarget,
    EngineError,
    deadline,
    first_weaker_availability,
    first_weaker_start,
    is_weaker_value,
)

from .strategies import calendar_of, specs


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@st.composite
def target_pairs(draw):
    sla, supporting = draw(specs()), draw(specs())
    return (
        DurationTarget(timedelta(minutes=draw(st.integers(15, 24 * 60))), calendar_of(sla)),
        DurationTarget(timedelta(minutes=draw(st.integers(15, 24 * 60))), calendar_of(supporting)),
    )


@settings(max_examples=80, deadline=None)
@given(target_pairs(), st.sampled_from([utc(2026, 3, 27), utc(2026, 10, 23), utc(2026, 6, 12)]))
def test_first_weaker_start_is_exact(pair, window_start):
    """The answer is a real counterexample, and no start minute before it is one."""
    sla, supporting = pair
    window_end = window_start + timedelta(days=3)
    found = first_weaker_start(sla, supporting, window_start, window_end)

    def weaker(start):
        return deadline(supporting.calendar, start, supporting.duration) > deadline(
            sla.calendar, start, sla.duration
        )

    minute = window_start
    first_minute = None
    while minute <= window_end:
        if weaker(minute):
            first_minute = minute
            break
        minute += timedelta(minutes=1)
    if found is None:
        assert first_minute is None
    else:
        assert weaker(found.start)
        assert found.supporting_deadline > found.sla_deadline
        assert first_minute is None or found.start <= first_minute
        assert found.start - timedelta(seconds=1) < window_start or not weaker(
            found.start - timedelta(seconds=1)
        )


OFFICE_BXL = Calendar(tuple(Attendance(d, 8, 17) for d in range(5)), "Europe/Brussels")
OFFICE_NY = Calendar(tuple(Attendance(d, 9, 18) for d in range(5)), "America/New_York")
ALWAYS = Calendar.always()


def test_same_calendar_tighter_is_strict():
    sla = DurationTarget(timedelta(hours=8), OFFICE_BXL)
    ola = DurationTarget(timedelta(hours=4), OFFICE_BXL)
    assert first_weaker_start(sla, ola, utc(2026, 1, 1), utc(2026, 12, 31)) is None
    assert first_weaker_start(ola, sla, utc(2026, 1, 1), utc(2026, 12, 31)) is not None


def test_across_calendars_counterexample():
    """An OLA of 8 office hours is weaker than an SLA of 40 hours around the clock:
    the first start is one second after 09:00 on Friday 2 January 2026 in Brussels."""
    found = first_weaker_start(
        DurationTarget(timedelta(hours=40), ALWAYS),
        DurationTarget(timedelta(hours=8), OFFICE_BXL),
        utc(2026, 1, 1),
        utc(2026, 12, 31),
    )
    assert found.start == utc(2026, 1, 2, 8, 0, 1)
    assert found.sla_deadline == utc(2026, 1, 4, 0, 0, 1)
    assert found.supporting_deadline == utc(2026, 1, 5, 7, 0, 1)


def test_other_continent_office_hours():
    """New York office hours cannot back a 4-hour Brussels target for a Brussels morning."""
    found = first_weaker_start(
        DurationTarget(timedelta(hours=4), OFFICE_BXL),
        DurationTarget(timedelta(hours=2), OFFICE_NY),
        utc(2026, 1, 1),
        utc(2026, 1, 31),
    )
    assert found is not None
    assert found.supporting_deadline > found.sla_deadline


def test_availability_strictness():
    """Round-the-clock 99.9 % backs office-hours 99 %; 99.5 % does not; office hours cannot back 24x7."""
    window = (utc(2026, 1, 1), utc(2026, 12, 31))
    assert (
        first_weaker_availability(99, OFFICE_BXL, 99.9, ALWAYS, *window, "month", "Europe/Brussels") is None
    )
    weaker = first_weaker_availability(99, OFFICE_BXL, 99.5, ALWAYS, *window, "month", "Europe/Brussels")
    assert weaker.period_start == utc(2025, 12, 31, 23)
    assert weaker.supporting_downtime > weaker.sla_downtime
    uncovered = first_weaker_availability(99, ALWAYS, 99.99, OFFICE_BXL, *window, "month", "Europe/Brussels")
    assert uncovered.uncovered_at == utc(2026, 1, 1)


def test_values():
    assert is_weaker_value(5, 6, higher_is_better=False)
    assert not is_weaker_value(5, 5, higher_is_better=False)
    assert is_weaker_value(99.9, 99.5, higher_is_better=True)


def test_bad_windows():
    target = DurationTarget(timedelta(hours=1), ALWAYS)
    with pytest.raises(EngineError):
        first_weaker_start(target, target, utc(2026, 2, 1), utc(2026, 1, 1))
    with pytest.raises(EngineError):
        first_weaker_availability(101, ALWAYS, 99, ALWAYS, utc(2026, 1, 1), utc(2026, 2, 1), "month")
