"""Pupils, days and calls for the office lists' unit tests (invented people and numbers).

The school's autumn term starts Wed 2 Sep 2026; Mon 7 to Fri 11 Sep is a full week.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any

from services.web.office.facts import SCHOOL_TIME, OfficeDay
from services.web.office.inputs import OfficePupil, contacts_from
from services.web.office.rules import OfficeRules
from shared.contracts.office_v1 import CallAttempt, CallOutcome, CallOutcomeV1
from shared.kernel import Enrolment, Mark, SchoolCalendar, Term
from shared.kernel.texting import OptedOut

URN = "100001"
CALENDAR = SchoolCalendar((Term("Autumn 2026", date(2026, 9, 2), date(2026, 12, 18)),))
TUESDAY = date(2026, 9, 8)


def parent(contact_id: str, phone: str | None = "07700 900123", priority: int = 1,
           **extra: Any) -> dict[str, Any]:
    return {"contact_id": contact_id, "name": f"Parent {contact_id}", "relationship": "mother",
            "phone": phone, "priority": priority, "parental_responsibility": True,
            "may_receive_texts": True, "do_not_contact": False, **extra}


def mark(upn: str, day: date, session: str, code: str) -> Mark:
    return Mark(URN, upn, day, "AM" if session == "AM" else "PM", code,
                datetime.combine(day, time(9, 5), SCHOOL_TIME))


def present_days(upn: str, days: Iterable[date]) -> list[Mark]:
    return [mark(upn, d, s, "/" if s == "AM" else "\\") for d in days for s in ("AM", "PM")]


def pupil(upn: str, marks: Iterable[Mark] = (), contacts: Iterable[dict[str, Any]] = (),
          reg_group: str = "3B", opted_out: Iterable[str] = (), **flags: bool) -> OfficePupil:
    """`opted_out`: numbers that replied STOP to the school's texts."""
    return OfficePupil(upn=upn, name=f"Pupil {upn[-3:]}", year_group=3, reg_group=reg_group,
                       flags=flags, contacts=contacts_from(contacts, OptedOut.of(opted_out)),
                       marks=tuple(marks), enrolment=Enrolment(date(2026, 9, 2)))


def school_days_before(day: date) -> list[date]:
    return [d for d in CALENDAR.school_days(date(2026, 9, 1), day) if d < day]


def office_day(day: date = TUESDAY, at: str = "09:30", **rules: Any) -> OfficeDay:
    hour, minute = (int(part) for part in at.split(":"))
    now = datetime.combine(day, time(hour, minute), SCHOOL_TIME).astimezone(UTC)
    return OfficeDay(day, CALENDAR, OfficeRules(**rules), now)


def call(upn: str, outcome: CallOutcome, attempt: CallAttempt = "first_day",
         day: date = TUESDAY) -> CallOutcomeV1:
    return CallOutcomeV1(record_id=f"rec-{upn}-{attempt}-{outcome}-{day}", school_urn=URN,
                         upn=upn, school_day=day, recorded_by="office", attempt=attempt,
                         outcome=outcome, recorded_at=datetime.combine(
                             day, time(9, 45), SCHOOL_TIME))
