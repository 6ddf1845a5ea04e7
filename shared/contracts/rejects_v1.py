"""Reject record, version 1: topic `attendance.rejects.v1`.

Every record the intake refuses is published here with the reason, so nothing is ever
dropped silently and the sender's data can be corrected and sent again. Keyed by the
school URN when it is known, else no key.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, Field

from shared.contracts.common_v1 import SCHEMA_VERSION, FieldErrorV1, Source, TopicMessage


class IndexPosition(TopicMessage):
    """The record's place (from 0) in the JSON list it was sent in."""

    index: int


class RowPosition(TopicMessage):
    """The record's line in a CSV body; the header is line 1."""

    row: int


class KafkaPosition(TopicMessage):
    """Where a raw message was read from."""

    topic: str
    partition: int
    offset: int


class BodyPosition(TopicMessage):
    """The whole request body, when it could not be split into records at all."""

    body: Literal["whole"] = "whole"


RecordKind = Literal["mark", "pupil", "school_settings"]


class RejectV1(TopicMessage):
    """One refused record, with every reason at once."""

    schema_version: Literal[1] = SCHEMA_VERSION
    source: Source
    kind: RecordKind = "mark"
    received_at: AwareDatetime
    integration: str | None = Field(description="name of the token's integration, if any")
    position: IndexPosition | RowPosition | KafkaPosition | BodyPosition
    record: Any = Field(description="the record as received: an object, or text when it "
                                    "was not JSON (long text is cut short)")
    errors: list[FieldErrorV1]
