from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slm_engine import Attendance, Calendar, EngineError, Outage, availability, incident_statistics

from . import reference
from .strategies import calendar_of, cases

STEP = reference.STEP


@st.composite
def outage_cases(draw):
    spec, start = draw(cases())
    end = start + STEP * draw(st.integers(0, 4 * 24 * 7))
    outages = []
    for _ in range(draw(st.integers(0, 5))):
        o_start = start + STEP * draw(st.integers(-4 * 24, 4 * 24 * 8))
        restored = o_start + STEP * draw(st.integers(0, 4 * 24 * 2))
        notified = restored + STEP * draw(st.integers(0, 16)) if draw(st.booleans()) else None
        outages.append(Outage(o_start, restored if draw(st.integers(0, 5)) else None, notified))
    return spec, start, end, outages, draw(st.booleans())


def reference_downtime(spec, start, end, outages, until_notified):
    total, instant = timedelta(0), start
    while instant < end:
        down = any(
            o.start <= instant < ((o.notified if until_notified else o.restored) or end) for o in outages
        )
        if down and reference.is_working(spec, instant):
            total += STEP
        instant += STEP
    return total


@settings(max_examples=150, deadline=None)
@given(outage_cases())
def test_availability_matches_step_walk(case):
    """Downtime counts overlapping outages once, only within service hours."""
    spec, start, end, outages, until_notified = case
    result = availability(calendar_of(spec), start, end, outages, until_notified)
    assert result.service_time == reference.business_duration(spec, start, end)
    assert result.downtime == reference_downtime(spec, start, end, outages, until_notified)
    if result.percent is not None:
        assert 0 <= result.percent <= 100


OFFICE = Calendar(tuple(Attendance(d, 8, 16) for d in range(5)), "UTC")
MONDAY = datetime(2026, 6, 1, tzinfo=UTC)


def h(hours):
    return MONDAY + timedelta(hours=hours)


def test_availability_by_hand():
    """A week of 40 service hours with 2 hours down, one of them twice reported: 95 %."""
    outages = [Outage(h(9), h(10)), Outage(h(9.5), h(11)), Outage(h(20), h(23))]  # the last one at night
    result = availability(OFFICE, MONDAY, MONDAY + timedelta(days=7), outages)
    assert result.service_time == timedelta(hours=40)
    assert result.downtime == timedelta(hours=2)
    assert result.percent == pytest.approx(95)


def test_outage_lasts_until_customer_notified():
    outage = Outage(h(9), restored=h(10), notified=h(12))
    week = MONDAY + timedelta(days=7)
    assert availability(OFFICE, MONDAY, week, [outage]).downtime == timedelta(hours=1)
    assert availability(OFFICE, MONDAY, week, [outage], until_notified=True).downtime == timedelta(hours=3)


def test_incident_statistics_by_hand():
    """Two incidents of 1 and 3 service hours in a 40-hour week."""
    outages = [Outage(h(9), h(10)), Outage(h(24 + 12), h(24 + 15)), Outage(h(-30), h(-29))]
    stats = incident_statistics(OFFICE, MONDAY, MONDAY + timedelta(days=7), outages)
    assert stats.count == 2
    assert stats.mean_duration == timedelta(hours=2)
    assert stats.max_duration == timedelta(hours=3)
    assert stats.mtbf == timedelta(hours=18)  # (40 - 4) / 2


def test_no_incident_and_no_service_hours():
    stats = incident_statistics(OFFICE, MONDAY, MONDAY + timedelta(days=7), [])
    assert (stats.count, stats.mtbf, stats.mean_duration) == (0, None, None)
    saturday = MONDAY + timedelta(days=5)
    assert availability(OFFICE, saturday, saturday + timedelta(days=1), []).percent is None


def test_bad_periods_and_outages():
    with pytest.raises(EngineError):
        availability(OFFICE, h(10), h(9), [])
    with pytest.raises(EngineError):
        availability(OFFICE, h(0), h(50), [Outage(h(10), h(9))])
