"""Intake warning, version 1: topic `attendance.warnings.v1`.

An accepted record that carries something its sender should fix: today a field that is
not a field of a mark (likely misspelt; its value was ignored). The HTTP answer lists the
same warnings; this topic is where an integrator producing to `mis.marks.v1` finds them.
The record itself is not repeated, since it may hold a pupil's UPN: its position (JSON
index, CSV row, or topic, partition and offset) finds it. Keyed by the school URN when
known, else no key.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from shared.contracts.common_v1 import SCHEMA_VERSION, FieldErrorV1, Source, TopicMessage, Urn
from shared.contracts.rejects_v1 import IndexPosition, KafkaPosition, RecordKind, RowPosition


class IntakeWarningV1(TopicMessage):
    """One accepted record's warnings, each naming the field and the fix."""

    schema_version: Literal[1] = SCHEMA_VERSION
    source: Source
    kind: RecordKind = "mark"
    received_at: AwareDatetime
    integration: str | None = Field(description="name of the token's integration, if any")
    school_urn: Urn | None = Field(description="the record's school; none for a CSV header "
                                               "shared by several schools' rows")
    position: IndexPosition | RowPosition | KafkaPosition = Field(
        description="where the record was: for a CSV header's column, row 1")
    warnings: list[FieldErrorV1]
