"""Reject and warning records: every refused record goes to the rejects topic with its
reasons; every accepted record with warnings goes to the warnings topic, without the
record itself (it may hold a UPN)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from services.ingest.ports import Outgoing
from services.ingest.validation import Refusal, Warned, school_of
from shared.contracts.common_v1 import SCHEMA_VERSION, Source
from shared.contracts.rejects_v1 import RecordKind

# Text that was not JSON is kept for correction, cut short so a reject stays well below
# the broker's message size limit.
TEXT_LIMIT = 10_000


def reject_message(refusal: Refusal, *, topic: str, source: Source, kind: RecordKind,
                   integration: str | None, received_at: datetime) -> Outgoing:
    """The rejects-topic message of one refusal, keyed by its school when known."""
    record = refusal.received.record
    value = {**_envelope(source, kind, integration, received_at),
             "position": refusal.received.position,
             "record": _kept(record),
             "errors": [error.to_dict() for error in refusal.errors]}
    return Outgoing(topic=topic, key=school_of(record), value=value)


def warning_message(warned: Warned, *, topic: str, source: Source, kind: RecordKind,
                    integration: str | None, received_at: datetime) -> Outgoing:
    """The warnings-topic message of one accepted record, keyed by its school when known."""
    value = {**_envelope(source, kind, integration, received_at),
             "school_urn": warned.school_urn,
             "position": warned.position,
             "warnings": [warning.to_dict() for warning in warned.warnings]}
    return Outgoing(topic=topic, key=warned.school_urn, value=value)


def _envelope(source: Source, kind: RecordKind, integration: str | None,
              received_at: datetime) -> dict[str, Any]:
    """What every rejects and warnings message says of where its record came from."""
    return {"schema_version": SCHEMA_VERSION, "source": source, "kind": kind,
            "received_at": received_at.astimezone(UTC).isoformat(),
            "integration": integration}


def _kept(record: Any) -> Any:
    if not isinstance(record, str):
        text = json.dumps(record, default=str)
        if len(text) <= TEXT_LIMIT:
            return record
        record = text
    if len(record) > TEXT_LIMIT:
        return record[:TEXT_LIMIT] + f"... [cut: {len(record)} characters in all]"
    return record
