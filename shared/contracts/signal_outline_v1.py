"""Outline of the signal message, version 1, as the wire contract states it.

The risk service owns the signal model (shared/contracts/signals_v1.py); until it is in
place, this outline describes `attendance.signals.v1` for the AsyncAPI document.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import AwareDatetime, Field

from shared.contracts.common_v1 import SCHEMA_VERSION, TopicMessage, Urn


class SignalCauseV1(TopicMessage):
    """The mark that caused a signal."""

    date: date
    session: Literal["AM", "PM"]
    recorded_at: AwareDatetime


class SignalOutlineV1(TopicMessage):
    """A threshold crossing or daily signal about one pupil."""

    schema_version: Literal[1] = SCHEMA_VERSION
    signal_id: str = Field(description="deterministic: the same input history gives the "
                                       "same id, so readers act on each id once")
    school_urn: Urn
    upn: str
    kind: str = Field(description='e.g. "attendance_below_96", "persistent_absence_entered"')
    occurred_on: date = Field(description="the school date the crossing happened")
    detail: dict[str, Any] = Field(description="the figures behind the signal")
    caused_by: SignalCauseV1 | None = None
    ingested_at: AwareDatetime | None = Field(
        default=None, description="copied from the causing mark, for latency measurement")
