from datetime import UTC, date, datetime, timedelta

import pytest
import pytz
from hypothesis import given, settings
from hypothesis import strategies as st

from slm_engine import (
    Attendance,
    Calendar,
    HorizonExceededError,
    InvalidCalendarError,
    NaiveDatetimeError,
    NegativeDurationError,
    NoWorkingTimeError,
    UnknownTimeZoneError,
    WorkingDay,
    business_duration,
    deadline,
    next_working_instant,
    working_intervals,
)
from slm_engine.calendar import localize

from . import reference
from .strategies import ZONES, calendar_of, cases

durations = st.integers(min_value=0, max_value=30 * 60).map(lambda m: timedelta(minutes=m))


def utc(*args):
    return datetime(*args, tzinfo=UTC)


OFFICE = Calendar(
    tuple(Attendance(d, 8, 12) for d in range(5)) + tuple(Attendance(d, 13, 17) for d in range(5)),
    "Europe/Brussels",
)


@settings(max_examples=300, deadline=None)
@given(cases(), durations)
def test_deadline_matches_reference(case, duration):
    """The deadline equals the step-by-step walk, around DST switches, holidays and rotations."""
    spec, start = case
    expected = reference.deadline(spec, start, duration)
    if expected is not None:
        assert deadline(calendar_of(spec), start, duration) == expected


@settings(max_examples=200, deadline=None)
@given(cases(), st.integers(min_value=0, max_value=4 * 24 * 6))
def test_business_duration_matches_reference(case, quarters):
    """Working time between two instants equals the step-by-step count."""
    spec, start = case
    end = start + timedelta(minutes=15 * quarters)
    calendar = calendar_of(spec)
    expected = reference.business_duration(spec, start, end)
    assert business_duration(calendar, start, end) == expected
    assert sum((e - s for s, e in working_intervals(calendar, start, end)), timedelta(0)) == expected


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(min_value=1, max_value=2 * 10**6))
def test_deadline_round_trip(case, seconds):
    """The working time from a start to its deadline is the duration, to the microsecond."""
    spec, start = case
    calendar = calendar_of(spec)
    duration = timedelta(seconds=seconds)
    due = deadline(calendar, start, duration)
    assert business_duration(calendar, start, due) == duration
    # And it is the earliest such instant: a microsecond less is not enough.
    assert business_duration(calendar, start, due - timedelta(microseconds=1)) < duration


@settings(max_examples=200, deadline=None)
@given(cases())
def test_next_working_instant(case):
    """The next working instant is working time, and nothing before it is."""
    spec, start = case
    found = next_working_instant(calendar_of(spec), start)
    assert reference.is_working(spec, found)
    assert reference.business_duration(spec, start, found) == timedelta(0)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from((*ZONES, "Australia/Lord_Howe", "America/Santiago", "Europe/London")),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)),
)
def test_localize_like_pytz_is_dst_false(tz, wall):
    """Wall-clock times become instants as pytz localize(is_dst=False) makes them, gaps and overlaps included."""
    from zoneinfo import ZoneInfo

    expected = pytz.timezone(tz).localize(wall, is_dst=False)
    assert localize(wall, ZoneInfo(tz)) == (expected - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(
        microseconds=1
    )


def test_dst_switch_day_is_shorter():
    """On the spring-forward day a 00:00-24:00 attendance lasts 23 hours."""
    calendar = Calendar(tuple(Attendance(d, 0, 24) for d in range(7)), "Europe/Brussels")
    assert business_duration(calendar, utc(2026, 3, 28, 23), utc(2026, 3, 29, 22)) == timedelta(hours=23)
    assert business_duration(calendar, utc(2026, 10, 24, 22), utc(2026, 10, 25, 23)) == timedelta(hours=25)


def test_office_deadline_over_weekend_and_dst():
    """Friday 16:00 plus 4 working hours is Monday 11:00, after the switch to summer time."""
    assert deadline(OFFICE, utc(2026, 3, 27, 15), timedelta(hours=4)) == utc(2026, 3, 30, 9)


def test_holiday_and_make_up_day():
    """A closure removes working time; an extra working day on a Saturday adds it."""
    calendar = Calendar(
        OFFICE.attendances,
        "Asia/Shanghai",
        closures=((utc(2026, 10, 1, 16), utc(2026, 10, 2, 16)),),  # Friday 2 October, local
        extra_days=(WorkingDay(date(2026, 10, 3), 9, 12),),
    )
    # Thursday 1 October 16:00 local + 3 h: 1 h on Thursday, Friday closed, 2 h on Saturday.
    assert deadline(calendar, utc(2026, 10, 1, 8), timedelta(hours=3)) == utc(2026, 10, 3, 3)


def test_two_week_rotation():
    """In a two-week calendar, only the weeks of the attendance's type work."""
    calendar = Calendar((Attendance(0, 8, 16, week_type=0), Attendance(0, 8, 16, week_type=1)), "UTC")
    odd = Calendar((Attendance(0, 8, 16, week_type=1),), "UTC")
    monday = utc(2026, 1, 5)
    assert business_duration(calendar, monday, monday + timedelta(days=14)) == timedelta(hours=16)
    assert business_duration(odd, monday, monday + timedelta(days=14)) == timedelta(hours=8)


def test_long_durations_cost_no_walk():
    """A deadline years ahead is computed, and equals the sum of yearly totals."""
    start = utc(2026, 1, 1)
    due = deadline(OFFICE, start, timedelta(hours=8 * 260 * 5))
    assert business_duration(OFFICE, start, due) == timedelta(hours=8 * 260 * 5)
    assert 2030 <= due.year <= 2031


def test_24x7():
    """Always-on calendars count wall time."""
    always = Calendar.always()
    assert deadline(always, utc(2026, 1, 1), timedelta(days=400)) == utc(2027, 2, 5)
    # One shared calendar: what it has built for one caller serves the next.
    assert Calendar.always() is always
    assert business_duration(Calendar.always(), utc(1990, 1, 1), utc(2026, 1, 1)) == utc(2026, 1, 1) - utc(
        1990, 1, 1
    )


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: deadline(OFFICE, datetime(2026, 1, 1), timedelta(hours=1)), NaiveDatetimeError),
        (lambda: deadline(OFFICE, utc(2026, 1, 1), timedelta(hours=-1)), NegativeDurationError),
        (lambda: Calendar((), "Mars/Olympus_Mons"), UnknownTimeZoneError),
        (lambda: deadline(Calendar((), "UTC"), utc(2026, 1, 1), timedelta(hours=1)), NoWorkingTimeError),
        (lambda: Attendance(0, 17, 8), InvalidCalendarError),
        (lambda: Attendance(7, 8, 17), InvalidCalendarError),
        (lambda: Attendance(0, 8, 17, week_type=2), InvalidCalendarError),
        (lambda: Calendar(closures=((utc(2026, 1, 2), utc(2026, 1, 1)),)), InvalidCalendarError),
        (
            lambda: deadline(
                Calendar((Attendance(0, 8, 9, date_to=date(2026, 1, 31)),), "UTC"),
                utc(2026, 1, 1),
                timedelta(hours=10),
            ),
            HorizonExceededError,
        ),
        (lambda: deadline(OFFICE, utc(2026, 1, 1), timedelta(days=365 * 20)), HorizonExceededError),
    ],
)
def test_bad_input(call, error):
    """Bad input raises its own exception type with a message, never loops."""
    with pytest.raises(error) as info:
        call()
    assert str(info.value)


def test_zero_duration_is_start():
    """A zero duration ends where it starts (plan_hours would give the next working instant)."""
    saturday = utc(2026, 1, 3, 12)
    assert deadline(OFFICE, saturday, timedelta(0)) == saturday
