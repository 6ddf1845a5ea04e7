"""Synthetic pupils, marks and mark messages for the risk tests (invented data only)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from stdnum.gb import upn as stdnum_upn

from shared.kernel.marks import Mark, Session

SCHOOL = "100001"
MONDAY = date(2026, 9, 7)  # a Monday in the autumn term of 2026/27


def make_upn(serial: int) -> str:
    """A valid synthetic permanent UPN (LA 801, establishment 2000, allocated 2024)."""
    body = f"8012000{24:02d}{serial:03d}"
    return stdnum_upn.calc_check_digit(body) + body


UPN = make_upn(1)


def school_days(start: date, count: int) -> list[date]:
    """`count` consecutive weekdays from `start`."""
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def recorded(day: date, session: Session, minutes: int = 0) -> datetime:
    """Register time of a session (08:50 AM, 13:20 PM, UTC) plus `minutes` for amendments."""
    hour, minute = (8, 50) if session == "AM" else (13, 20)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) + timedelta(
        minutes=minutes)


def mark(day: date, session: Session, code: str, *, minutes: int = 0, upn: str = UPN,
         school: str = SCHOOL, minutes_late: int | None = None) -> Mark:
    """A mark taken at the register (`minutes` later for an amendment)."""
    return Mark(school, upn, day, session, code, recorded(day, session, minutes), minutes_late)


def days_marked(days: Iterable[date], am: str = "/", pm: str | None = None, *,
                upn: str = UPN, school: str = SCHOOL) -> list[Mark]:
    """An AM and a PM mark on each day; PM defaults to the AM code ('\\' for '/')."""
    pm_code = pm if pm is not None else ("\\" if am == "/" else am)
    return [m for day in days for m in (mark(day, "AM", am, upn=upn, school=school),
                                        mark(day, "PM", pm_code, upn=upn, school=school))]


def message(m: Mark, ingested_at: str = "2026-09-07T09:00:00+00:00") -> dict[str, Any]:
    """The normalised mark message on attendance.marks.v1."""
    return {"schema_version": 1, "school_urn": m.school_urn, "upn": m.upn,
            "date": m.date.isoformat(), "session": m.session, "code": m.code,
            "minutes_late": m.minutes_late, "recorded_at": m.recorded_at.isoformat(),
            "comment": None, "source": "http", "ingested_at": ingested_at}


def messages(marks: Sequence[Mark]) -> list[dict[str, Any]]:
    """Mark messages in order."""
    return [message(m) for m in marks]
