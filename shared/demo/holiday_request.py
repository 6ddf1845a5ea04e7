"""The holiday request the demo's office records during the replay (9.2).

On the first replayed day the office's school is open, a parent from a family that
takes term-time holidays asks for the last week of the autumn term. At 11:00 the office
records the request, refused as the plan says every request is, through the staff
pages' recording endpoint (published on office.records.v1). Comms answers it the same
day: the head teacher's refusal letter in the letters queue and a call to the family on
the office's second-calls list, which the demo waits to see there.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

import httpx

from shared.demo import staff_client
from shared.demo.staff_client import SignIn
from shared.simulator.model import Pupil, Trust
from shared.simulator.school_year import SchoolYear

RECORDED_AT = time(11, 0)
LABEL = "office records a parent's holiday request, refused as every request is"
REFUSAL_LETTER = "holiday refusal"  # the kind as the letters queue names it
REFUSAL_CALL = "holiday_refusal_call"  # the call task's purpose
SEEN_WITHIN_S = 300.0  # comms answers in seconds, unless it is behind the clock
NOTE = ("Parent asked at the office for a week off school for a family holiday. "
        "Refused: the school does not authorise leave in term time.")


@dataclass(frozen=True)
class HolidayRequest:
    school_urn: str
    upn: str
    day: date  # the school day it is recorded on
    first_day: date
    last_day: date

    def record(self) -> dict[str, Any]:
        """The office record as the recording endpoint takes it."""
        return {"kind": "holiday_request", "school_day": self.day.isoformat(),
                "first_day": self.first_day.isoformat(),
                "last_day": self.last_day.isoformat(), "decision": "refused", "note": NOTE}


def choose_request(trust: Trust, replayed: list[date]) -> HolidayRequest | None:
    """The request: the trust's first school (the demo office's), its first replayed
    school day, a pupil on roll whose family takes term-time holidays (any pupil on roll
    when none does). None when the school is closed on every replayed day."""
    school = trust.schools[0]
    day = next((d for d in replayed if school.calendar.is_school_day(d)), None)
    if day is None:
        return None
    on_roll = sorted((p for p in trust.pupils if p.school_urn == school.urn and _on_roll(p, day)),
                     key=lambda pupil: pupil.upn)
    pupil = next((p for p in on_roll if p.habits.holiday_family), on_roll[0] if on_roll else None)
    if pupil is None:
        return None
    first, last = leave_asked_for(school.calendar, day)
    return HolidayRequest(school.urn, pupil.upn, day, first, last)


def _on_roll(pupil: Pupil, day: date) -> bool:
    return pupil.admission_date <= day and (pupil.leaving_date is None
                                            or pupil.leaving_date >= day)


def leave_asked_for(calendar: SchoolYear, asked_on: date) -> tuple[date, date]:
    """The last five school days of the term (the week before the holiday, as families
    usually ask); the first five from a fortnight on when the term ends sooner."""
    term = next((t for t in calendar.terms if t.start <= asked_on <= t.end), None)
    days = calendar.school_days(term.end - timedelta(days=13), term.end)[-5:] if term else []
    if not days or days[0] < asked_on + timedelta(days=14):
        days = calendar.school_days(asked_on + timedelta(days=14),
                                    asked_on + timedelta(days=120))[:5]
    if not days:
        return asked_on + timedelta(days=14), asked_on + timedelta(days=18)
    return days[0], days[-1]


@dataclass(frozen=True)
class RefusalSeen:
    """Whether comms' answer was on the staff pages within the wait."""

    letter: bool
    call: bool
    waited_s: float

    def text(self) -> str:
        if self.letter and self.call:
            return ("the head teacher's refusal letter is in the letters queue and a "
                    "same-day call is on the second-calls list")
        missing = [what for what, seen in (("the refusal letter", self.letter),
                                           ("the call task", self.call)) if not seen]
        return (f"{' and '.join(missing)} not on the staff pages yet after "
                f"{self.waited_s:.0f} s (comms is behind; they appear once it has answered)")


async def record_refusal(client: httpx.AsyncClient, office: SignIn, request: HolidayRequest,
                         seen_within_s: float = SEEN_WITHIN_S) -> RefusalSeen:
    """Sign in as the office, record the refused request, and look for the refusal
    letter and the call task on the staff pages for up to `seen_within_s`."""
    await staff_client.sign_in(client, office)
    form = (f"/schools/{request.school_urn}/pupils/{request.upn}/records/new"
            "?kind=holiday_request")
    token = await staff_client.csrf_token(client, form)
    await staff_client.record(client, request.school_urn, request.upn, token,
                              request.record())

    async def letter_and_call() -> tuple[bool, bool]:
        queue = await staff_client.letters(client, request.school_urn)
        tasks = await staff_client.call_tasks(client, request.school_urn,
                                              request.day.isoformat())
        return ((REFUSAL_LETTER, request.upn) in queue,
                any(task.get("purpose") == REFUSAL_CALL and task.get("upn") == request.upn
                    for task in tasks))

    letter, call = await staff_client.poll(letter_and_call, all, seen_within_s)
    return RefusalSeen(letter, call, seen_within_s)


def run_visit(web_url: str, office: SignIn, request: HolidayRequest) -> RefusalSeen:
    """`record_refusal` from the demo's (synchronous) replay; raises StaffError (or
    httpx.HTTPError) when the web service refused or did not answer."""
    async def visit() -> RefusalSeen:
        async with httpx.AsyncClient(base_url=web_url, timeout=60.0) as client:
            return await record_refusal(client, office, request)

    return asyncio.run(visit())
