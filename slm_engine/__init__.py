"""slm_engine: business-time arithmetic for service level management.

Pure Python, no Odoo import, no I/O: calendars, clocks, availability,
statistics and strictness between agreements. Every instant is an aware
datetime; results are in UTC.
"""

from .calendar import (
    DEFAULT_HORIZON_YEARS,
    Attendance,
    Calendar,
    WorkingDay,
    business_duration,
    deadline,
    next_working_instant,
    working_intervals,
)
from .clock import ClockEvent, ClockPolicy, ClockState, EventKind, Status, evaluate, share_reached_at
from .errors import (
    EngineError,
    HorizonExceededError,
    InvalidCalendarError,
    InvalidEventsError,
    NaiveDatetimeError,
    NegativeDurationError,
    NoWorkingTimeError,
    UnknownTimeZoneError,
)
from .measure import Availability, IncidentStatistics, Outage, availability, incident_statistics
from .periods import Compliance, Period, PeriodKind, aggregate, period_of, periods_between
from .strictness import (
    AvailabilityCounterexample,
    DeadlineCounterexample,
    DurationTarget,
    first_weaker_availability,
    first_weaker_start,
    is_weaker_value,
)

__version__ = "18.0.1.0.0"

__all__ = [
    "DEFAULT_HORIZON_YEARS",
    "Attendance",
    "Availability",
    "AvailabilityCounterexample",
    "Calendar",
    "ClockEvent",
    "ClockPolicy",
    "ClockState",
    "Compliance",
    "DeadlineCounterexample",
    "DurationTarget",
    "EngineError",
    "EventKind",
    "HorizonExceededError",
    "IncidentStatistics",
    "InvalidCalendarError",
    "InvalidEventsError",
    "NaiveDatetimeError",
    "NegativeDurationError",
    "NoWorkingTimeError",
    "Outage",
    "Period",
    "PeriodKind",
    "Status",
    "UnknownTimeZoneError",
    "WorkingDay",
    "aggregate",
    "availability",
    "business_duration",
    "deadline",
    "evaluate",
    "first_weaker_availability",
    "first_weaker_start",
    "incident_statistics",
    "is_weaker_value",
    "next_working_instant",
    "period_of",
    "periods_between",
    "share_reached_at",
    "working_intervals",
]
