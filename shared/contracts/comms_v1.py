"""Comms events and staff commands, version 1.

`comms.events.v1` (keyed by URN) is what the comms service did, for the staff pages:
every text planned and its delivery state (the outbox), parents' replies, letters as
they move from draft to issued, and call tasks. A reader keeps, per id, the message
with the highest `version`, so replays and re-publications are harmless.

`comms.commands.v1` (keyed by URN) is what staff decided in the front-end, for comms to
carry out: review a letter (edit, approve, issue, withdraw) or settle a text whose
outcome is unknown. `command_id` is made when the form is shown: comms carries out
each id once. Message bodies and phone numbers may identify people: never logged.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, RootModel

from shared.contracts.common_v1 import SCHEMA_VERSION, TopicMessage, Urn

DeliveryState = Literal["planned", "sending", "sent", "delivered", "failed", "unknown",
                        "outbox", "cancelled"]
LetterKind = Literal["attendance_leaflet", "head_teacher_letter", "holiday_refusal",
                     "july_term_time_leave"]
LetterState = Literal["draft", "approved", "issued", "withdrawn"]


class _EventBase(TopicMessage):
    schema_version: Literal[1] = SCHEMA_VERSION
    school_urn: Urn
    version: int = Field(ge=0, description="moves on with each change; keep the highest")
    updated_at: AwareDatetime


class DeliveryEventV1(_EventBase):
    """One text to one recipient and where it stands (the outbox shows these)."""

    kind: Literal["delivery"] = "delivery"
    delivery_id: str
    upns: list[str] = Field(description="the family's pupils the text is about")
    purpose: str = Field(description="e.g. golden_hour_nudge, u_today")
    school_day: date
    recipient: str = Field(description="phone number; never logged")
    body: str
    state: DeliveryState
    needs_decision: bool = Field(default=False,
                                 description="outcome unknown after a crash: staff decide")


class ReplyEventV1(_EventBase):
    """A parent's text reply, matched to their family."""

    kind: Literal["reply"] = "reply"
    message_id: str
    upns: list[str]
    sender: str = Field(description="phone number; never logged")
    body: str
    received_at: AwareDatetime
    opted_out: bool | None = Field(default=None, description="True after STOP, False after START")


class LetterEventV1(_EventBase):
    """A letter or leaflet about one pupil as it moves from draft to issued."""

    kind: Literal["letter"] = "letter"
    letter_id: str
    upn: str
    letter_kind: LetterKind
    state: LetterState
    title: str
    body_text: str = Field(description="the editable text of the letter: the paragraph "
                                       "staff write for the family")
    full_text: str | None = Field(
        default=None, description="the whole letter as the family will read it, worded as "
        "its PDF (figures, days and lessons missed, the staff paragraph); paragraphs are "
        "separated by a blank line. Missing from events published before it was added")
    pdf_base64: str | None = Field(default=None, description="the issued PDF, kept for good")


class CallTaskEventV1(_EventBase):
    """A call the office must make (e.g. the same day a holiday request is refused)."""

    kind: Literal["call_task"] = "call_task"
    task_id: str
    upn: str
    purpose: str
    due_on: date
    done: bool = False


CommsEventV1 = Annotated[DeliveryEventV1 | ReplyEventV1 | LetterEventV1 | CallTaskEventV1,
                         Field(discriminator="kind")]


class CommsEventMessageV1(RootModel[CommsEventV1]):
    """Any comms event; `kind` says which (parse with model_validate_json)."""


class _CommandBase(TopicMessage):
    schema_version: Literal[1] = SCHEMA_VERSION
    command_id: str = Field(min_length=8, max_length=64)
    school_urn: Urn
    issued_by: str = Field(min_length=1, description="the staff account")
    issued_at: AwareDatetime


class LetterReviewV1(_CommandBase):
    """Staff review of a drafted letter."""

    kind: Literal["letter_review"] = "letter_review"
    letter_id: str
    action: Literal["edit", "approve", "issue", "withdraw"]
    body_text: str | None = Field(default=None, description="the edited text, for edit")


class SendDecisionV1(_CommandBase):
    """What to do with a text whose outcome is unknown after a crash."""

    kind: Literal["send_decision"] = "send_decision"
    delivery_id: str
    decision: Literal["treat_as_sent", "send_again", "cancel"]


CommsCommandV1 = Annotated[LetterReviewV1 | SendDecisionV1, Field(discriminator="kind")]


class CommsCommandMessageV1(RootModel[CommsCommandV1]):
    """Any staff command for comms; `kind` says which (parse with model_validate_json)."""
