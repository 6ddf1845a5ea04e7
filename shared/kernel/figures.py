"""Session counts and rates of one pupil or a group (DOMAIN.md section 2).

Rates of a group are sums of sessions over sums of possible sessions, never averages
of percentages; PA and SA compare exact integers, never rounded percentages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from shared.kernel.calendar import SchoolCalendar
from shared.kernel.codes import NO_MARK, Category, category_of
from shared.kernel.marks import SESSIONS, Mark, latest_marks
from shared.kernel.pupils import Enrolment
from shared.kernel.windows import Window, last_school_weeks

_COUNTED = ("possible", "present", "aea", "authorised", "unauthorised", "missing")


def percentage(part: int, whole: int) -> float | None:
    """100 * part / whole to one decimal place, halves rounded up; None when whole is 0."""
    if whole == 0:
        return None
    exact = Decimal(100 * part) / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Figures:
    """Sessions by category over a window; `codes` counts each code that was recorded."""

    possible: int
    present: int
    aea: int
    authorised: int
    unauthorised: int
    missing: int
    codes: Mapping[str, int]

    @classmethod
    def empty(cls) -> Figures:
        """No sessions at all: the start of a sum."""
        return cls(0, 0, 0, 0, 0, 0, {})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Figures:
        """Rebuild from `to_dict()` output (or a report that contains it)."""
        counts = {name: int(data[name]) for name in _COUNTED}
        return cls(**counts, codes=dict(data.get("codes", {})))

    @property
    def absent(self) -> int:
        """Authorised plus unauthorised absence sessions."""
        return self.authorised + self.unauthorised

    @property
    def attendance_pct(self) -> float | None:
        """(present + AEA) / possible, to one decimal place; None with no possible session."""
        return percentage(self.present + self.aea, self.possible)

    @property
    def absence_pct(self) -> float | None:
        """(authorised + unauthorised) / possible, to one decimal place."""
        return percentage(self.absent, self.possible)

    @property
    def persistent_absence(self) -> bool:
        """Absent for 10% or more of possible sessions (exactly 90.0% attendance is PA)."""
        return self.possible > 0 and self.absent * 10 >= self.possible

    @property
    def severe_absence(self) -> bool:
        """Absent for 50% or more of possible sessions."""
        return self.possible > 0 and self.absent * 2 >= self.possible

    def __add__(self, other: Figures) -> Figures:
        codes = Counter(self.codes)
        codes.update(other.codes)
        sums = {name: getattr(self, name) + getattr(other, name) for name in _COUNTED}
        return Figures(**sums, codes=dict(sorted(codes.items())))

    def to_dict(self) -> dict[str, Any]:
        """The figures as shown to people and APIs (the same keys everywhere)."""
        return {
            **{name: getattr(self, name) for name in _COUNTED},
            "attendance_pct": self.attendance_pct,
            "absence_pct": self.absence_pct,
            "persistent_absence": self.persistent_absence,
            "severe_absence": self.severe_absence,
            "codes": dict(sorted(self.codes.items())),
        }


def _sessions_on_roll(enrolment: Enrolment, calendar: SchoolCalendar,
                      window: Window) -> list[tuple[date, str]]:
    start, end = window.start, window.end
    if enrolment.admission_date is not None:
        start = max(start, enrolment.admission_date)
    if enrolment.leaving_date is not None:
        end = min(end, enrolment.leaving_date)
    return [(day, session) for day in calendar.school_days(start, end) for session in SESSIONS]


def pupil_figures(marks: Iterable[Mark], enrolment: Enrolment, calendar: SchoolCalendar,
                  window: Window) -> Figures:
    """One pupil's figures over a window.

    Every school day in the window on which the pupil is on roll gives an AM and a PM
    session; the latest mark of each session is categorised. A session with no mark (or
    "-") counts as missing and not as possible; not-possible codes count in neither.
    """
    latest = latest_marks(mark for mark in marks if window.start <= mark.date <= window.end)
    categories: Counter[Category] = Counter()
    codes: Counter[str] = Counter()
    for key in _sessions_on_roll(enrolment, calendar, window):
        mark = latest.get(key)
        code = NO_MARK if mark is None else mark.code
        categories[category_of(code)] += 1
        if mark is not None:
            codes[code] += 1
    present, aea = categories[Category.PRESENT], categories[Category.AEA]
    authorised, unauthorised = categories[Category.AUTHORISED], categories[Category.UNAUTHORISED]
    return Figures(possible=present + aea + authorised + unauthorised, present=present, aea=aea,
                   authorised=authorised, unauthorised=unauthorised,
                   missing=categories[Category.MISSING], codes=dict(sorted(codes.items())))


def unauthorised_in_last_school_weeks(marks: Iterable[Mark], enrolment: Enrolment,
                                      calendar: SchoolCalendar, as_of: date,
                                      weeks: int = 10) -> int:
    """Unauthorised sessions (G, N, O, U) in the last `weeks` school weeks up to as_of."""
    window = last_school_weeks(calendar, as_of, weeks)
    return pupil_figures(marks, enrolment, calendar, window).unauthorised
