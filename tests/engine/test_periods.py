import itertools
from datetime import UTC, datetime

import pytest

from slm_engine import Compliance, EngineError, PeriodKind, Status, aggregate, period_of, periods_between


def test_month_in_time_zone():
    """A period starts at local midnight: 31 March 23:30 UTC is April in Shanghai."""
    period = period_of(datetime(2026, 3, 31, 23, 30, tzinfo=UTC), "month", "Asia/Shanghai")
    assert period.key == "2026-04"
    assert period.start == datetime(2026, 3, 31, 16, tzinfo=UTC)
    assert period.end == datetime(2026, 4, 30, 16, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "key", "count"),
    [("week", "2026-W01", 53), ("month", "2026-01", 12), ("quarter", "2026-Q1", 4), ("year", "2026", 1)],
)
def test_periods_cover_a_year(kind, key, count):
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC)
    periods = periods_between(start, end, kind, "Europe/Brussels")
    assert periods[0].key == key
    assert len(periods) == count
    assert all(a.end == b.start for a, b in itertools.pairwise(periods))
    assert periods[0].kind is PeriodKind(kind)


def test_aggregate_compliance():
    """Met, breached and ongoing per target and month; cancelled clocks do not count."""
    march, april = datetime(2026, 3, 10, tzinfo=UTC), datetime(2026, 4, 10, tzinfo=UTC)
    outcomes = [
        ("resolve", march, Status.MET),
        ("resolve", march, Status.MET),
        ("resolve", march, Status.BREACHED),
        ("resolve", march, Status.CANCELLED),
        ("resolve", april, Status.AT_RISK),
        ("respond", march, "met"),
    ]
    result = aggregate(outcomes, "month")
    assert result["resolve", "2026-03"] == Compliance(met=2, breached=1, ongoing=0)
    assert result["resolve", "2026-03"].ratio == pytest.approx(2 / 3)
    assert result["resolve", "2026-04"].ratio is None
    assert result["respond", "2026-03"].ratio == 1


def test_bad_range():
    with pytest.raises(EngineError):
        periods_between(datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC), "month")
    with pytest.raises(ValueError):
        period_of(datetime(2026, 2, 1, tzinfo=UTC), "fortnight")
