"""Office records, version 1: what staff did, on topic `office.records.v1`.

Staff record call outcomes, concerns, home visits and holiday requests in the front-end,
and the leads a concern was sent to answer it (acknowledged, or acted on);
each becomes one message keyed "{school_urn}:{upn}", so it stays in order with the
pupil's marks and every service can react to it (comms refuses a holiday request by
letter; the lists mark a first-day call as done). `record_id` is made when the form is
shown, so a double submit or a replay stores the record once. Free-text notes may name
people: readers never log them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, RootModel, model_validator

from shared.contracts.common_v1 import SCHEMA_VERSION, TopicMessage, Urn

# Why a pupil is not in school, as the plan's barrier categories name it.
Barrier = Literal["illness", "medical_appointment", "anxiety", "transport", "family_circumstances",
                  "holiday", "bereavement", "bullying", "sen_needs", "young_carer",
                  "disengagement", "other"]
CallOutcome = Literal["reached", "no_answer", "wrong_number", "message_left"]
# First-day calls by 10:30 (action 3.1) or the second call later in the day (3.3).
CallAttempt = Literal["first_day", "second", "other"]
# Who a concern is routed to (action 2.2): the SLT attendance lead, safeguarding, or both.
ConcernRoute = Literal["attendance_lead", "safeguarding"]
# A lead's answer to a concern: seen and in hand, or something has been done about it.
ConcernResponse = Literal["acknowledged", "acted_on"]
HomeVisitOutcome = Literal["seen_pupil", "spoke_to_parent", "no_answer", "concern_raised"]
HolidayDecision = Literal["pending", "refused", "authorised_exceptional"]


class _RecordBase(TopicMessage):
    schema_version: Literal[1] = SCHEMA_VERSION
    record_id: str = Field(min_length=8, max_length=64,
                           description="made when the form is shown; the same id is stored once")
    school_urn: Urn
    upn: str = Field(pattern=r"^[A-Z0-9]{13}$")
    school_day: date = Field(description="the school day the record is about")
    recorded_at: AwareDatetime
    recorded_by: str = Field(min_length=1, description="the staff account that recorded it")
    note: str = Field(default="", max_length=2000, description="free text; never logged")


class CallOutcomeV1(_RecordBase):
    """A call to a pupil's family about an absence."""

    kind: Literal["call_outcome"] = "call_outcome"
    attempt: CallAttempt
    contact_id: str | None = Field(default=None, description="the roster contact rung")
    outcome: CallOutcome
    reason_given: str = Field(default="", max_length=500)
    barrier: Barrier | None = None
    challenged: bool = Field(default=False, description="the reason was challenged")


class ConcernV1(_RecordBase):
    """A concern any member of staff raises about a pupil's attendance or welfare."""

    kind: Literal["concern"] = "concern"
    barrier: Barrier | None = None
    routed_to: list[ConcernRoute] = Field(min_length=1)


class ConcernResponseV1(_RecordBase):
    """A lead's answer to a concern sent to them (action 2.2), about the same pupil.

    Added to version 1 without changing the other records: a reader that does not act
    on concern responses may skip them by `kind`. `routes` are the routes the answer is
    for (the responder's own among the concern's): a concern sent to both the
    attendance lead and safeguarding stays open for whichever route has not answered.
    """

    kind: Literal["concern_response"] = "concern_response"
    concern_id: str = Field(min_length=8, max_length=64,
                            description="the record_id of the concern answered")
    response: ConcernResponse
    routes: list[ConcernRoute] = Field(min_length=1,
                                       description="the routes this answer closes")
    note: str = Field(min_length=1, max_length=500,
                      description="what was or will be done; free text, never logged")


class HomeVisitV1(_RecordBase):
    """A home visit made (action 2.4) and what came of it."""

    kind: Literal["home_visit"] = "home_visit"
    outcome: HomeVisitOutcome


class HolidayRequestV1(_RecordBase):
    """A parent's request for leave in term time, and the head teacher's decision."""

    kind: Literal["holiday_request"] = "holiday_request"
    first_day: date
    last_day: date
    decision: HolidayDecision = "pending"

    @model_validator(mode="after")
    def _ordered(self) -> HolidayRequestV1:
        if self.last_day < self.first_day:
            raise ValueError(f"last_day {self.last_day} is before first_day {self.first_day}")
        return self


OfficeRecordV1 = Annotated[CallOutcomeV1 | ConcernV1 | ConcernResponseV1 | HomeVisitV1
                           | HolidayRequestV1, Field(discriminator="kind")]


class OfficeRecordMessageV1(RootModel[OfficeRecordV1]):
    """Any office record; `kind` says which (parse with model_validate_json)."""
