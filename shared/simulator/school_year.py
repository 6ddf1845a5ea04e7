"""Per-school calendars for an English academic year (September to July).

Dates follow the usual pattern of local-authority calendars: autumn from early
September with an October half-term, spring from early January with a February
half-term, summer after the Easter holiday with a late-May half-term. Each school
varies its first pupil day, October half-term week, last day and INSET days, and
may have a planned closure day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class TermDates:
    """One term; the half-term is a Monday-to-Friday week inside it."""

    name: str
    start: date
    end: date
    half_term_start: date
    half_term_end: date


@dataclass(frozen=True)
class Closure:
    """A weekday inside a term with no pupils in school (INSET day, planned closure)."""

    date: date
    reason: str


@dataclass(frozen=True)
class SchoolYear:
    """The terms and closures of one school, possibly over several academic years."""

    terms: tuple[TermDates, ...]
    closures: tuple[Closure, ...]

    def is_school_day(self, day: date) -> bool:
        """True on a weekday inside a term, outside its half-term, not a closure."""
        if day.weekday() >= 5 or any(c.date == day for c in self.closures):
            return False
        return any(t.start <= day <= t.end
                   and not t.half_term_start <= day <= t.half_term_end for t in self.terms)

    def school_days(self, first: date, last: date) -> list[date]:
        """Every school day from first to last inclusive, in order."""
        days = [first + ONE_DAY * n for n in range((last - first).days + 1)]
        return [day for day in days if self.is_school_day(day)]

    def half_terms(self) -> list[tuple[date, date]]:
        """The six stretches of teaching between breaks, as (first, last) dates."""
        stretches = []
        for term in self.terms:
            stretches.append((term.start, term.half_term_start - ONE_DAY))
            stretches.append((term.half_term_end + ONE_DAY, term.end))
        return stretches


def easter_sunday(year: int) -> date:
    """Easter Sunday (anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + ONE_DAY * ((weekday - day.weekday()) % 7)


def _weekday_on_or_before(day: date, weekday: int) -> date:
    return day - ONE_DAY * ((day.weekday() - weekday) % 7)


def _week(monday: date) -> tuple[date, date]:
    return monday, monday + ONE_DAY * 4


def academic_year_of(day: date) -> int:
    """The calendar year in which the academic year holding `day` began."""
    return day.year if day.month >= 8 else day.year - 1


def build_school_year(year: int, rng: random.Random) -> SchoolYear:
    """One school's calendar for the academic year starting in September of `year`."""
    first_of_september = date(year, 9, 1)
    autumn_start = (first_of_september if first_of_september.weekday() < 5
                    else _weekday_on_or_after(first_of_september, 0))
    october = _weekday_on_or_before(date(year, 10, 31), 0)
    if rng.random() < 0.25:
        october -= ONE_DAY * 7
    easter = easter_sunday(year + 1)
    terms = (
        TermDates(f"Autumn {year}", autumn_start,
                  _weekday_on_or_before(date(year, 12, 20), 4), *_week(october)),
        TermDates(f"Spring {year + 1}", _weekday_on_or_after(date(year + 1, 1, 3), 0),
                  easter - ONE_DAY * 3,
                  *_week(_weekday_on_or_after(date(year + 1, 2, 15), 0))),
        TermDates(f"Summer {year + 1}", easter + ONE_DAY * 15,
                  _weekday_on_or_before(date(year + 1, 7, 23), 4) - ONE_DAY * rng.choice((0, 2)),
                  *_week(_weekday_on_or_before(date(year + 1, 5, 31), 0))),
    )
    return SchoolYear(terms, _closures(terms, rng))


def _closures(terms: tuple[TermDates, ...], rng: random.Random) -> tuple[Closure, ...]:
    autumn, spring, summer = terms
    # One or two INSET days open the year; the rest fall beside breaks, and a school
    # that hosts a polling station spends one of its five on election day.
    opening = [autumn.start + ONE_DAY * n for n in range(rng.choice((1, 1, 2)))]
    candidates = [autumn.half_term_end + ONE_DAY * 3, spring.start,
                  spring.half_term_start - ONE_DAY * 3, summer.start, summer.end]
    inset = opening + sorted(rng.sample(candidates, 5 - len(opening)))
    closures = [Closure(day, "INSET day") for day in inset]
    if rng.random() < 0.5:
        polling = _weekday_on_or_after(date(summer.start.year, 5, 2), 3)
        closures[-1] = Closure(polling, "INSET day (school is a polling station)")
    closures.append(Closure(_weekday_on_or_after(date(summer.start.year, 5, 1), 0),
                            "Early May bank holiday"))
    if rng.random() < 0.3:
        autumn_day = _weekday_on_or_after(date(autumn.start.year, 11, 9), rng.randint(0, 4))
        closures.append(Closure(autumn_day, "Closed to pupils: heating failure"))
    return tuple(sorted(closures, key=lambda closure: closure.date))


def build_calendar(first: date, last: date, rng: random.Random) -> SchoolYear:
    """One school's calendar covering every academic year from `first` to `last`."""
    years = [build_school_year(y, rng)
             for y in range(academic_year_of(first), academic_year_of(last) + 1)]
    return SchoolYear(tuple(t for y in years for t in y.terms),
                      tuple(c for y in years for c in y.closures))
