"""Terms and half-terms of a school inferred from the days that hold its marks."""

from __future__ import annotations

from collections.abc import Sequence, Set
from datetime import date, timedelta
from itertools import pairwise

from shared.kernel.terms import Term, week_start, weeks_between

_TERM_BREAK_WEEKS = 2


def _season(start: date) -> str:
    if start.month >= 9:
        return "autumn"
    return "spring" if start.month <= 3 else "summer"


def _split_terms(weeks: Sequence[date]) -> list[list[date]]:
    terms: list[list[date]] = [[weeks[0]]]
    for previous, monday in pairwise(weeks):
        if weeks_between(previous, monday) >= _TERM_BREAK_WEEKS:
            terms.append([])
        terms[-1].append(monday)
    return terms


def _half_term_week(weeks: Sequence[date]) -> date | None:
    gaps = [previous + timedelta(days=7) for previous, monday in pairwise(weeks)
            if weeks_between(previous, monday) == 1]
    middle = weeks[0] + (weeks[-1] - weeks[0]) / 2
    return min(gaps, key=lambda monday: (abs(monday - middle), monday), default=None)


def _term(weeks: Sequence[date], days: Sequence[date]) -> Term:
    start, end = days[0], days[-1]
    name = f"{_season(start)} {start.year}"
    half_term = _half_term_week(weeks)
    if half_term is None:
        return Term(name, start, end)
    return Term(name, start, end, half_term, half_term + timedelta(days=6))


def infer_terms(days: Set[date]) -> tuple[Term, ...]:
    """Terms from school days: two or more empty weeks end a term, one is its half-term."""
    if not days:
        return ()
    ordered = sorted(days)
    weeks = sorted({week_start(day) for day in ordered})
    terms = []
    for term_weeks in _split_terms(weeks):
        first, last = term_weeks[0], term_weeks[-1] + timedelta(days=6)
        term_days = [day for day in ordered if first <= day <= last]
        terms.append(_term(term_weeks, term_days))
    return tuple(terms)
