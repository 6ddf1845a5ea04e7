"""Terms and school weeks: the building blocks of a school calendar."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

_SATURDAY = 5
_WEEK = timedelta(days=7)


def week_start(d: date) -> date:
    """The Monday of the week containing `d`."""
    return d - timedelta(days=d.weekday())


def weeks_between(earlier_monday: date, later_monday: date) -> int:
    """Whole empty weeks between two school weeks given by their Mondays."""
    return (later_monday - earlier_monday) // _WEEK - 1


def _days(start: date, end: date) -> Iterator[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


@dataclass(frozen=True)
class Term:
    """A term, inclusive, with an optional half-term break inside it."""

    name: str
    start: date
    end: date
    half_term_start: date | None = None
    half_term_end: date | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"term '{self.name}' ends ({self.end}) before it starts "
                             f"({self.start}); correct the term dates")

    def in_break(self, d: date) -> bool:
        """Whether `d` falls in this term's half-term break."""
        if self.half_term_start is None or self.half_term_end is None:
            return False
        return self.half_term_start <= d <= self.half_term_end

    def weekdays(self) -> Iterator[date]:
        """Monday to Friday of the term, outside its half-term break."""
        for day in _days(self.start, self.end):
            if day.weekday() < _SATURDAY and not self.in_break(day):
                yield day
