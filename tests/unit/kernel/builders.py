"""Small builders for synthetic marks and calendars used by the kernel tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from stdnum.gb import upn as stdnum_upn

from shared.kernel import Mark, SchoolCalendar, Session, Term

SCHOOL = "123456"


def make_upn(serial: int, la: str = "801") -> str:
    """A valid synthetic permanent UPN."""
    body = f"{la}2000{24:02d}{serial:03d}"
    return stdnum_upn.calc_check_digit(body) + body


UPN = make_upn(1)


def at(day: date, minutes: int = 0) -> datetime:
    """A timezone-aware recording time on `day`, 09:00 UTC plus `minutes`."""
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC) + timedelta(minutes=minutes)


def mark(day: date, session: Session, code: str, minutes: int = 0, upn: str = UPN) -> Mark:
    """A mark recorded on its own day (later `minutes` make an amendment)."""
    return Mark(SCHOOL, upn, day, session, code, recorded_at=at(day, minutes))


def weekdays(start: date, count: int) -> list[date]:
    """`count` consecutive weekdays from `start`."""
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def day_marks(days: list[date], code: str = "/") -> list[Mark]:
    """An AM and a PM mark with `code` on each day (present is '/' AM and '\\' PM)."""
    pm_code = "\\" if code == "/" else code
    return [m for day in days for m in (mark(day, "AM", code), mark(day, "PM", pm_code))]


AUTUMN_2024 = Term("autumn 2024", date(2024, 9, 2), date(2024, 12, 20),
                   half_term_start=date(2024, 10, 28), half_term_end=date(2024, 11, 1))
SPRING_2025 = Term("spring 2025", date(2025, 1, 6), date(2025, 4, 4),
                   half_term_start=date(2025, 2, 17), half_term_end=date(2025, 2, 21))
SCHOOL_YEAR = SchoolCalendar(terms=(AUTUMN_2024, SPRING_2025))

TWO_WEEKS = SchoolCalendar(terms=(Term("two weeks", date(2024, 9, 2), date(2024, 9, 13)),))
TWENTY_WEEKS = SchoolCalendar(terms=(Term("twenty weeks", date(2024, 9, 2), date(2025, 1, 17)),))
