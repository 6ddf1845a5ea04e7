"""A school's days as comms sees them: its own calendar when its settings give terms,
otherwise the days its registers were taken (as the web's pages infer them).

The next school day (for "welcoming them back on Monday") comes from the calendar when
the school set one, otherwise it is the next weekday that is not a closure day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from services.comms.model import SchoolPolicy
from shared.kernel import SchoolCalendar, Term

# A school's next term starts within this (a summer holiday is shorter).
NEXT_TERM_WITHIN = timedelta(days=120)


def _day(raw: Any) -> date | None:
    try:
        return date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def set_calendar(policy: SchoolPolicy) -> SchoolCalendar | None:
    """The calendar the school set in its settings, or None when it gave no terms."""
    terms = []
    for raw in policy.raw.get("terms") or []:
        start, end = _day(raw.get("start")), _day(raw.get("end"))
        if start is not None and end is not None and start <= end:
            terms.append(Term(str(raw.get("name") or ""), start, end,
                              _day(raw.get("half_term_start")), _day(raw.get("half_term_end"))))
    return SchoolCalendar(tuple(terms), policy.closures) if terms else None


def school_calendar(policy: SchoolPolicy, marked_days: Iterable[date]) -> SchoolCalendar:
    """The school's own calendar, or one inferred from the days its registers were taken."""
    return set_calendar(policy) or SchoolCalendar.inferred(marked_days)


def next_school_day(policy: SchoolPolicy, day: date) -> date | None:
    """The school day after `day`; None when the school's calendar holds no later day."""
    calendar = set_calendar(policy)
    if calendar is not None:
        later = calendar.school_days(day + timedelta(days=1), day + NEXT_TERM_WITHIN)
        return later[0] if later else None
    following = day + timedelta(days=1)
    while following.weekday() >= 5 or following in policy.closures:
        following += timedelta(days=1)
    return following
