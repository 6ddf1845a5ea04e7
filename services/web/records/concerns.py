"""Concerns and the leads' answers to them (action 2.2): who reads a concern, which are
still open for a member of staff, and the answer a lead's form describes.

Pure: the caller reads the records and passes the member of staff and the time.

The rule, stated on the concerns page:
- a concern reaches the roles of the routes it was sent to
  (services.web.staff.CONCERN_ROUTES_BY_ROLE), and stays open for a route until someone
  it reaches by that route answers it (acknowledged, or acted on);
- a concern sent to the safeguarding team is read only by those it reaches and by
  whoever raised it: anyone else who sees pupils sees that one was raised, not its
  barrier or note (nor the note of an answer to it);
- a concern sent only to the SLT attendance lead is read by every member of staff
  who sees pupils, as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from services.web.records.forms import FormProblemError, record_from_values
from services.web.staff import StaffMember
from shared.contracts.office_v1 import ConcernResponseV1, ConcernRoute, ConcernV1, OfficeRecordV1

ROUTE_TITLES: dict[ConcernRoute, str] = {"attendance_lead": "SLT attendance lead",
                                         "safeguarding": "safeguarding team"}
RESPONSES = {"acknowledged": "Acknowledged", "acted_on": "Acted on"}
RULE = ("A concern reaches the people of the route it was sent to: the SLT attendance "
        "lead's concerns reach attendance leads, senior leaders and the head teacher; the "
        "safeguarding team's reach the safeguarding lead and the head teacher only. A "
        "concern sent to both stays open for each route until someone on that route "
        "answers it. A concern sent to the safeguarding team is read only by the people "
        "it reaches and by whoever raised it; other staff see only that one was raised.")
ANSWERERS = ("Only the people a concern was sent to answer it: attendance leads, senior "
             "leaders and the head teacher for the SLT attendance lead, the safeguarding "
             "lead and the head teacher for the safeguarding team.")


def reads_concern(concern: ConcernV1, member: StaffMember | None, user: str) -> bool:
    """Whether this member of staff may read what the concern says (see the rule above)."""
    if "safeguarding" not in concern.routed_to or concern.recorded_by == user:
        return True
    routes = member.concern_routes if member else ()
    return any(route in routes for route in concern.routed_to)


def withheld_concerns(records: Sequence[OfficeRecordV1], member: StaffMember | None,
                      user: str) -> frozenset[str]:
    """The record ids of the concerns among `records` this member may not read."""
    return frozenset(record.record_id for record in records
                     if isinstance(record, ConcernV1)
                     and not reads_concern(record, member, user))


@dataclass(frozen=True)
class OpenConcern:
    """A concern still waiting for an answer on at least one of the reader's routes."""

    concern: ConcernV1
    open_routes: tuple[ConcernRoute, ...]

    @property
    def route_titles(self) -> str:
        return " and the ".join(ROUTE_TITLES[route] for route in self.open_routes)


def open_concerns(records: Sequence[ConcernV1 | ConcernResponseV1],
                  routes: Sequence[ConcernRoute]) -> list[OpenConcern]:
    """Concerns sent to any of `routes` not yet answered for it, newest first."""
    answered = {(record.concern_id, route) for record in records
                if isinstance(record, ConcernResponseV1) for route in record.routes}
    found = []
    for record in records:
        if not isinstance(record, ConcernV1):
            continue
        still_open = tuple(route for route in record.routed_to
                           if route in routes and (record.record_id, route) not in answered)
        if still_open:
            found.append(OpenConcern(record, still_open))
    return sorted(found, key=lambda item: item.concern.recorded_at, reverse=True)


def concern_by_id(records: Sequence[ConcernV1 | ConcernResponseV1],
                  concern_id: str) -> ConcernV1 | None:
    return next((record for record in records if isinstance(record, ConcernV1)
                 and record.record_id == concern_id), None)


def answer_from_form(form: Mapping[str, str], concern: ConcernV1,
                     routes: Sequence[ConcernRoute], answered_by: str, at: datetime,
                     day: date) -> ConcernResponseV1:
    """The answer the form describes, for the routes of the concern that reach the
    member of staff; FormProblemError names the first field at fault."""
    response = form.get("response", "").strip()
    if response not in RESPONSES:
        raise FormProblemError("response", "Answer: choose acknowledged or acted on.")
    if not form.get("note", "").strip():
        raise FormProblemError("note", "Note: say in a few words what was or will be done.")
    record = record_from_values({
        "kind": "concern_response", "record_id": form.get("record_id", "").strip(),
        "school_urn": concern.school_urn, "upn": concern.upn, "school_day": day,
        "recorded_at": at, "recorded_by": answered_by, "concern_id": concern.record_id,
        "response": response, "note": form.get("note", "").strip(),
        "routes": [route for route in concern.routed_to if route in routes]})
    assert isinstance(record, ConcernResponseV1)
    return record
