"""Exceptions of the engine: every bad input has its own type and a clear message."""


class EngineError(ValueError):
    """Base class of every error the engine raises on bad input."""


class NaiveDatetimeError(EngineError):
    """A datetime without time zone was given; the engine needs instants."""


class UnknownTimeZoneError(EngineError):
    """The IANA time zone name is not known on this machine."""


class InvalidCalendarError(EngineError):
    """The plain data describing a calendar is inconsistent."""


class NoWorkingTimeError(EngineError):
    """The calendar has no working time at all."""


class HorizonExceededError(EngineError):
    """The duration cannot be placed within the horizon of the calculation."""


class NegativeDurationError(EngineError):
    """A duration, target or threshold is negative where only positive values make sense."""


class InvalidEventsError(EngineError):
    """The events of a clock are inconsistent (e.g. nothing starts the clock)."""
