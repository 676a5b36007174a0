"""Hypothesis strategies: calendars on a quarter-hour grid, around DST switches."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st

from slm_engine import Attendance, Calendar, WorkingDay

from .reference import Spec

ZONES = ("UTC", "Europe/Brussels", "America/New_York", "Asia/Shanghai", "Australia/Sydney", "Asia/Kolkata")
# Days around daylight-saving switches in 2026 and plain days.
PIVOTS = (
    date(2026, 3, 8),  # America/New_York springs forward
    date(2026, 3, 29),  # Europe/Brussels springs forward
    date(2026, 4, 5),  # Australia/Sydney falls back
    date(2026, 10, 4),  # Australia/Sydney springs forward
    date(2026, 10, 25),  # Europe/Brussels falls back
    date(2026, 11, 1),  # America/New_York falls back
    date(2026, 6, 15),
    date(2026, 12, 31),
)

quarters = st.integers(min_value=0, max_value=96)


@st.composite
def day_hours(draw):
    """0 to 3 disjoint intervals of a day, in float hours on the quarter grid."""
    cuts = sorted(set(draw(st.lists(quarters, min_size=0, max_size=6))))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    return [(a / 4, b / 4) for a, b in pairs if a < b]


@st.composite
def specs(draw, pivot=None):
    tz = draw(st.sampled_from(ZONES))
    pivot = pivot or draw(st.sampled_from(PIVOTS))
    two_weeks = draw(st.booleans())
    attendances = []
    for week_type in (0, 1) if two_weeks else (None,):
        for weekday in range(7):
            for hour_from, hour_to in draw(day_hours()):
                date_from = date_to = None
                if draw(st.integers(0, 9)) == 0:
                    date_from = pivot + timedelta(days=draw(st.integers(-10, 10)))
                if draw(st.integers(0, 9)) == 0:
                    date_to = pivot + timedelta(days=draw(st.integers(-10, 10)))
                if date_from and date_to and date_to < date_from:
                    date_from, date_to = date_to, date_from
                attendances.append((weekday, hour_from, hour_to, week_type, date_from, date_to))
    # Always some plain working time, so durations can be placed.
    attendances.append((draw(st.integers(0, 6)), 9.0, 12.0, None, None, None))
    base = datetime(pivot.year, pivot.month, pivot.day, tzinfo=UTC)
    closures = []
    for _ in range(draw(st.integers(0, 3))):
        start = base + timedelta(minutes=15 * draw(st.integers(-4 * 24 * 5, 4 * 24 * 10)))
        closures.append((start, start + timedelta(minutes=15 * draw(st.integers(1, 4 * 24 * 3)))))
    extra_days = [
        (pivot + timedelta(days=draw(st.integers(-3, 10))), *hours)
        for hours in draw(st.lists(day_hours(), max_size=2))
        for hours in hours
    ]
    return Spec(tz, tuple(attendances), tuple(closures), tuple(extra_days))


def calendar_of(spec: Spec) -> Calendar:
    return Calendar(
        attendances=tuple(Attendance(*a) for a in spec.attendances),
        tz=spec.tz,
        closures=spec.closures,
        extra_days=tuple(WorkingDay(*e) for e in spec.extra_days),
    )


@st.composite
def instants_near(draw, spec: Spec):
    """A quarter-hour aligned instant a few days around the spec's pivot."""
    pivot = min((c[0] for c in spec.closures), default=None)
    base = pivot or datetime(2026, 3, 28, tzinfo=UTC)
    return base + timedelta(minutes=15 * draw(st.integers(-4 * 24 * 4, 4 * 24 * 4)))


@st.composite
def cases(draw):
    pivot = draw(st.sampled_from(PIVOTS))
    spec = draw(specs(pivot=pivot))
    base = datetime(pivot.year, pivot.month, pivot.day, tzinfo=UTC)
    start = base + timedelta(minutes=15 * draw(st.integers(-4 * 24 * 3, 4 * 24 * 2)))
    return spec, start
