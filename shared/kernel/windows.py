"""Reporting windows: year-to-date, term, half-term, school week, and rolling school weeks.

Every window is inclusive and ends on the as-of date (DOMAIN.md section 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from shared.kernel.calendar import SchoolCalendar
from shared.kernel.terms import week_start

WindowName = Literal["ytd", "term", "half_term", "week"]
WINDOW_NAMES: tuple[WindowName, ...] = ("ytd", "term", "half_term", "week")

_SEPTEMBER = 9


@dataclass(frozen=True)
class Window:
    """An inclusive date range that figures are computed over; `end` is the as-of date."""

    name: str
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def to_dict(self) -> dict[str, str]:
        """{"name", "start", "end"} with ISO dates, as shown to people and APIs."""
        return {"name": self.name, "start": self.start.isoformat(), "end": self.end.isoformat()}


def academic_year_start(d: date) -> date:
    """1 September of the academic year (Sept-Aug) containing `d`."""
    return date(d.year if d.month >= _SEPTEMBER else d.year - 1, _SEPTEMBER, 1)


def _term_start(as_of: date, calendar: SchoolCalendar, half: bool) -> date:
    # Between terms, the term window is the latest term so far; before any, the year so far.
    term = calendar.term_at(as_of)
    if term is None:
        return academic_year_start(as_of)
    if half and term.half_term_end is not None and as_of > term.half_term_end:
        after_break = term.half_term_end + timedelta(days=1)
        return next(iter(calendar.school_days(after_break, as_of)), after_break)
    return term.start


def window_for(name: WindowName, as_of: date, calendar: SchoolCalendar) -> Window:
    """The named window ending on `as_of` in this school's calendar.

    ytd starts 1 September of the academic year containing as_of; term and half_term
    start where the current (or latest) term or half-term started; week on the Monday.
    """
    if name == "ytd":
        return Window(name, academic_year_start(as_of), as_of)
    if name == "week":
        return Window(name, week_start(as_of), as_of)
    if name in ("term", "half_term"):
        return Window(name, _term_start(as_of, calendar, half=name == "half_term"), as_of)
    raise ValueError(f"unknown window '{name}'; use one of {', '.join(WINDOW_NAMES)}")


def last_school_weeks(calendar: SchoolCalendar, as_of: date, weeks: int) -> Window:
    """The rolling window of the last `weeks` school weeks up to `as_of`.

    A school week is a week holding at least one school day; weeks without one (holidays,
    half-terms) do not count, so the window may cross terms and school years.
    """
    if weeks < 1:
        raise ValueError("a rolling window needs at least one school week")
    mondays = calendar.school_week_starts(as_of, weeks)
    start = mondays[-1] if mondays else as_of
    return Window(f"last_{weeks}_school_weeks", start, as_of)
