"""Absence calls: first-day calls by 10:30 (action 3.1) and second calls later (3.3).

On the first-day list: each pupil on roll absent without a reason once the register has
closed - an N in either session, or no morning mark after the morning register closes -
unless marked with an approved educational activity (K, V, P, W, B: a trip, sport, work
experience) in either session of the day: such a pupil is where the school arranged
(an N beside it is a register still catching up), and comms sends no chase text for
them either. The second-call list is drawn from this one, so it leaves them out too.
Each row gives the contacts to ring in order (never a do-not-contact one), the family's
caller, whether illness needs medical evidence (3.2), and the 10:30 status: done once a
first-day call outcome is recorded, overdue when none is and it is past the deadline,
otherwise not yet due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from services.web.office.callers import caller_for, families
from services.web.office.facts import OfficeDay, marks_on, on_roll, ytd_figures
from services.web.office.inputs import Contact, OfficePupil
from shared.contracts.office_v1 import CallOutcomeV1
from shared.kernel.nudges import on_approved_activity

DeadlineStatus = Literal["done", "overdue", "not_yet_due"]
UNREACHED = ("no_answer", "wrong_number", "message_left")


@dataclass(frozen=True)
class CallRow:
    """One pupil to ring about today's absence."""

    pupil: OfficePupil
    why: str
    contacts: tuple[Contact, ...]
    caller: str
    medical_evidence: str | None
    status: DeadlineStatus
    calls: tuple[CallOutcomeV1, ...]

    @property
    def reached(self) -> bool:
        return any(call.outcome == "reached" for call in self.calls)

    def to_dict(self) -> dict[str, Any]:
        return {**self.pupil.summary(), "why": self.why, "caller": self.caller,
                "contacts": [c.to_dict() for c in self.contacts],
                "medical_evidence_required": self.medical_evidence is not None,
                "medical_evidence_reason": self.medical_evidence,
                "deadline_status": self.status,
                "calls": [{"attempt": c.attempt, "outcome": c.outcome,
                           "recorded_at": c.recorded_at.isoformat()} for c in self.calls]}


def unexplained_absence(pupil: OfficePupil, office: OfficeDay) -> str | None:
    """Why the pupil is on the first-day list, or None when they are not."""
    marks = marks_on(pupil, office.day)
    if on_approved_activity(mark.code for mark in marks.values()):
        return None
    for session, label in (("AM", "morning"), ("PM", "afternoon")):
        if session in marks and marks[session].code == "N":
            return f"N (no reason yet) in the {label} register"
    close = office.rules.register_close_am
    if "AM" not in marks and office.has_passed(close):
        return f"no morning mark after the register closed at {close:%H:%M}"
    return None


def medical_evidence(pupil: OfficePupil, office: OfficeDay) -> str | None:
    """Why illness needs medical evidence before it is authorised (3.2), or None."""
    if pupil.flag("medical_evidence_required"):
        return "medical evidence required (on the roster)"
    if ytd_figures(pupil, office.calendar, office.day).persistent_absence:
        return "persistently absent this year: ask for medical evidence of illness"
    return None


def first_day_calls(pupils: Iterable[OfficePupil], office: OfficeDay,
                    calls: Iterable[CallOutcomeV1]) -> list[CallRow]:
    """The first-day absence calls of the day, overdue first, then by caller and name."""
    if not office.is_school_day:
        return []
    on_the_day = [p for p in pupils if on_roll(p, office.day)]
    family_of = families(on_the_day)
    calls_by_pupil: dict[str, list[CallOutcomeV1]] = {}
    for call in sorted(calls, key=lambda c: c.recorded_at):
        calls_by_pupil.setdefault(call.upn, []).append(call)
    rows = []
    for pupil in on_the_day:
        why = unexplained_absence(pupil, office)
        if why is None:
            continue
        made = tuple(calls_by_pupil.get(pupil.upn, ()))
        rows.append(CallRow(pupil, why, pupil.contacts,
                            caller_for(family_of[pupil.upn], office.rules.callers),
                            medical_evidence(pupil, office), _status(made, office), made))
    order = {"overdue": 0, "not_yet_due": 1, "done": 2}
    return sorted(rows, key=lambda r: (order[r.status], r.caller, r.pupil.name))


def _status(calls: tuple[CallOutcomeV1, ...], office: OfficeDay) -> DeadlineStatus:
    if any(call.attempt == "first_day" for call in calls):
        return "done"
    return "overdue" if office.has_passed(office.rules.first_call_deadline) else "not_yet_due"


def second_calls(first_day: Iterable[CallRow]) -> list[CallRow]:
    """Pupils still to ring again (3.3): nobody reached yet today, and either the first
    call did not reach anyone or it was never made by the deadline."""
    return [row for row in first_day if not row.reached
            and (row.status == "overdue"
                 or any(c.attempt == "first_day" and c.outcome in UNREACHED
                        for c in row.calls))]
