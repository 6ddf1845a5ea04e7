"""Office records from `office.records.v1` that comms acts on: holiday requests (9.2),
and call outcomes, kept for the golden-hour rule (a family rung lately and never reached
gets a call, not a nudge text).

Rule: every holiday request is kept (by record_id). A pending one waits there for the
head teacher; the decision arrives as a new record about the same leave (same pupil,
first and last day) with decision "refused" or "authorised_exceptional". A refused
request gets, the same day, the head teacher's refusal letter (created approved, ready
to issue: its wording is fixed, a note can still be added) and a call task for the
office due on the record's school day (purpose "holiday_refusal_call"). Both have ids
from the pupil and the dates of the leave, so a second refusal of the same leave, or a
replay, adds nothing. Concerns and home visits are not for comms.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, Protocol

from services.comms.documents import common_context
from services.comms.handlers import LetterStore
from services.comms.lessons import days_text
from services.comms.letters import LetterKind, new_letter
from services.comms.model import SchoolPolicy
from services.comms.ports import Directory
from shared.contracts.office_v1 import CallOutcomeV1, HolidayRequestV1, OfficeRecordMessageV1

log = logging.getLogger(__name__)
REFUSAL_CALL = "holiday_refusal_call"


class StaffRecords(Protocol):
    async def keep_call(self, record_id: str, school_urn: str, upn: str, school_day: date,
                        outcome: str) -> None: ...

    async def keep_holiday_request(self, record_id: str, record: dict[str, Any]) -> None: ...

    async def add_call_task(self, task_id: str, school_urn: str, upn: str, purpose: str,
                            due_on: date, now: datetime) -> bool: ...


@dataclass(frozen=True)
class OfficeDeps:
    directory: Directory
    letters: LetterStore
    records: StaffRecords


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def days_requested(request: HolidayRequestV1, policy: SchoolPolicy) -> str:
    """School days asked for: weekdays of the leave that are not closure days."""
    days = [request.first_day + timedelta(days=n)
            for n in range((request.last_day - request.first_day).days + 1)]
    count = sum(1 for d in days if d.weekday() < 5 and d not in policy.closures)
    return days_text(Fraction(count)).replace(" day", " school day")


def task_id(school_urn: str, upn: str, purpose: str, basis: str) -> str:
    return hashlib.sha256("|".join((school_urn, upn, purpose, basis)).encode()).hexdigest()[:32]


async def on_office_record(deps: OfficeDeps, value: Mapping[str, Any], now: datetime) -> str:
    """Act on one office record; returns what was done (no personal data)."""
    record = OfficeRecordMessageV1.model_validate(value).root
    if isinstance(record, CallOutcomeV1):
        await deps.records.keep_call(record.record_id, record.school_urn, record.upn,
                                     record.school_day, record.outcome)
        return "call_outcome_kept"
    if not isinstance(record, HolidayRequestV1):
        return "not_for_comms"
    await deps.records.keep_holiday_request(record.record_id, record.model_dump(mode="json"))
    if record.decision != "refused":
        return f"holiday_request_{record.decision}"
    pupil = await deps.directory.pupil(record.school_urn, record.upn)
    policy = await deps.directory.policy(record.school_urn)
    if pupil is None or policy is None:
        log.warning("holiday record %s skipped: roster or school settings not known yet",
                    record.record_id)
        return "roster_or_settings_unknown"
    basis = f"holiday:{record.first_day.isoformat()}:{record.last_day.isoformat()}"
    context = {**common_context(policy, f"{pupil.given_name} {pupil.family_name}",
                                f"{record.school_day.day} {record.school_day:%B %Y}"),
               "request_start": long_date(record.first_day),
               "request_end": long_date(record.last_day),
               "days_requested": days_requested(record, policy)}
    await deps.letters.add(new_letter(record.school_urn, record.upn,
                                      LetterKind.HOLIDAY_REFUSAL, basis, context, now))
    await deps.records.add_call_task(task_id(record.school_urn, record.upn, REFUSAL_CALL, basis),
                                     record.school_urn, record.upn, REFUSAL_CALL,
                                     record.school_day, now)
    return "holiday_refused"
