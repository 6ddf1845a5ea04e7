"""A school's calendar: terms, half-terms and closures, or one inferred from its marks.

Calendars are per school (DOMAIN.md section 6). School days are computed once, when the
calendar is built, so asking for the school days of a window is a slice, not a scan.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from shared.kernel.inference import infer_terms
from shared.kernel.terms import Term, week_start

__all__ = ["SchoolCalendar", "Term", "week_start"]


@dataclass(frozen=True)
class SchoolCalendar:
    """Terms and closures of one school; its school days are the terms' weekdays.

    `marked_days`, set by `inferred`, makes the school days exactly those days instead.
    """

    terms: tuple[Term, ...]
    closures: frozenset[date] = frozenset()
    marked_days: frozenset[date] | None = None
    _sorted_days: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _day_set: frozenset[date] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.marked_days is not None:
            days = set(self.marked_days)
        else:
            days = {day for term in self.terms for day in term.weekdays()}
        days -= self.closures
        object.__setattr__(self, "_sorted_days", tuple(sorted(days)))
        object.__setattr__(self, "_day_set", frozenset(days))

    def is_school_day(self, d: date) -> bool:
        """Whether pupils are expected in school on `d`."""
        return d in self._day_set

    def school_days(self, start: date, end: date) -> list[date]:
        """The school days from `start` to `end`, inclusive, in order."""
        days = self._sorted_days
        return list(days[bisect_left(days, start):bisect_right(days, end)])

    def school_week_starts(self, until: date, count: int) -> list[date]:
        """Mondays of the last `count` weeks holding a school day on or before `until`."""
        days = self._sorted_days
        starts: list[date] = []
        for index in range(bisect_right(days, until) - 1, -1, -1):
            monday = week_start(days[index])
            if not starts or starts[-1] != monday:
                if len(starts) == count:
                    break
                starts.append(monday)
        return starts

    def term_at(self, d: date) -> Term | None:
        """The term containing `d`, or else the latest term that started before it."""
        started = [term for term in self.terms if term.start <= d]
        return max(started, key=lambda term: term.start, default=None)

    @classmethod
    def inferred(cls, days: Iterable[date]) -> SchoolCalendar:
        """The calendar of a school with no calendar set: its marked days are its school days.

        Terms split where two or more whole weeks hold no school day; a single empty week
        inside a term is its half-term (the one nearest the middle if there are several).
        """
        marked = frozenset(days)
        return cls(terms=infer_terms(marked), marked_days=marked)

