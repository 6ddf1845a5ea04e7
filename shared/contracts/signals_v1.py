"""Signals, version 1: what the risk service publishes on `attendance.signals.v1`.

Keyed "{school_urn}:{upn}", so one pupil's signals stay in order. `signal_id` is
deterministic (the same input history gives the same id): readers act on each id once,
which makes a replay or a re-publication after a crash harmless.

Kinds about "today" (absent_without_reason_today, unauthorised_late_today,
late_independent_traveller) carry the school day in `occurred_on`; a reader acting on
the day itself compares it with its own clock, so a backfill of old marks texts nobody.
Attendance kinds keep the seed plan's numbers as names (attendance_below_96 is the
leaflet rung): a school that moves a threshold keeps the kind, and
`detail["threshold_pct"]` says the threshold it set.
"""

from __future__ import annotations

from datetime import UTC, date
from typing import Any, Literal

from pydantic import AwareDatetime, Field

from shared.contracts.common_v1 import SCHEMA_VERSION, TopicMessage, Urn
from shared.kernel.signals import Signal, SignalKind


class SignalCauseV1(TopicMessage):
    """The mark a signal is about: its session and when it was recorded."""

    date: date
    session: Literal["AM", "PM"]
    recorded_at: AwareDatetime


class SignalV1(TopicMessage):
    """A threshold crossing, a day's mark, a completed week or a duty, about one pupil."""

    schema_version: Literal[1] = SCHEMA_VERSION
    signal_id: str = Field(description="deterministic: the same input history gives the "
                                       "same id, so readers act on each id once")
    school_urn: Urn
    upn: str
    kind: SignalKind
    occurred_on: date = Field(description="the school date the crossing happened")
    detail: dict[str, Any] = Field(description="the figures behind the signal")
    caused_by: SignalCauseV1 | None = Field(
        default=None, description="the mark the signal is about; null for clock-driven "
                                  "signals such as no morning mark after the register closed")
    ingested_at: AwareDatetime | None = Field(
        default=None, description="copied from the mark whose arrival raised the signal, "
                                  "for latency measurement; null for clock-driven signals")


def signal_message(school_urn: str, upn: str, signal_id: str, signal: Signal,
                   ingested_at: str | None) -> dict[str, Any]:
    """The JSON-ready message for a signal (built directly: it is on the hot path).

    `ingested_at` is copied verbatim from the mark message whose arrival raised it.
    """
    cause = signal.caused_by
    return {
        "schema_version": SCHEMA_VERSION,
        "signal_id": signal_id,
        "school_urn": school_urn,
        "upn": upn,
        "kind": str(signal.kind),
        "occurred_on": signal.occurred_on.isoformat(),
        "detail": dict(signal.detail),
        "caused_by": None if cause is None else {
            "date": cause.date.isoformat(),
            "session": cause.session,
            "recorded_at": cause.recorded_at.astimezone(UTC).isoformat(),
        },
        "ingested_at": ingested_at,
    }
