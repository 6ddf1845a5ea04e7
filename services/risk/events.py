"""Topic messages translated into the engine's pupil events, at the edge.

A message that cannot be read is logged by position only (never names or UPNs) and
skipped: a poison message never crashes or stalls the consumer.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.risk.pupil import Roster
from shared.kernel.errors import MarkError
from shared.kernel.marks import Mark, parse_date, parse_mark
from shared.kernel.pupils import Enrolment
from shared.kernel.upn import normalise_upn

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PupilEvent:
    """A mark or a roster change for one pupil; `ingested_at` as the mark message said."""

    key: str
    mark: Mark | None = None
    roster: Roster | None = None
    ingested_at: str | None = None


def json_values(values: Iterable[Any]) -> Iterator[Any]:
    """JSON values from raw topic messages, one at a time (a batch of marks is never held
    as decoded JSON: some 1.5 kB a mark, against 0.4 kB as a pupil event); one that is
    not JSON is logged and skipped. Values already decoded pass as they are."""
    for position, value in enumerate(values):
        if not isinstance(value, bytes | str):
            yield value
            continue
        try:
            yield json.loads(value)
        except ValueError:
            log.warning("skipped message %d of batch: not JSON", position)


def decoded(values: Iterable[Any]) -> list[Any]:
    """JSON values from raw topic messages; one that is not JSON is logged and skipped."""
    return list(json_values(values))


def mark_events(messages: Iterable[Any]) -> list[PupilEvent]:
    """Marks from decoded `attendance.marks.v1` messages, in arrival order."""
    events = []
    for position, message in enumerate(messages):
        try:
            mark = parse_mark(message)
        except (MarkError, AttributeError, TypeError) as error:
            log.warning("skipped unreadable mark message %d of batch: %s", position,
                        _fields(error))
            continue
        ingested = message.get("ingested_at")
        events.append(PupilEvent(f"{mark.school_urn}:{mark.upn}", mark=mark,
                                 ingested_at=None if ingested is None else str(ingested)))
    return events


def roster_events(messages: Iterable[Any]) -> list[PupilEvent]:
    """Roster changes from decoded `attendance.pupils.v1` messages, in arrival order."""
    events = []
    for position, message in enumerate(messages):
        try:
            key, roster = _roster(message)
        except (MarkError, ValueError, KeyError, AttributeError, TypeError) as error:
            log.warning("skipped unreadable pupil message %d of batch: %s", position,
                        _fields(error))
            continue
        events.append(PupilEvent(key, roster=roster))
    return events


def _roster(message: Mapping[str, Any]) -> tuple[str, Roster]:
    urn, upn = str(message["school_urn"]).strip(), normalise_upn(str(message["upn"]))
    enrolment = Enrolment(_optional_date(message.get("admission_date")),
                          _optional_date(message.get("leaving_date")),
                          _optional_date(message.get("date_of_birth")))
    flags = message.get("flags") or {}
    updated = datetime.fromisoformat(str(message["updated_at"]))
    return f"{urn}:{upn}", Roster(enrolment, bool(flags.get("independent_travel")), updated)


def _optional_date(value: Any) -> Any:
    return None if value in (None, "") else parse_date(value)


def _fields(error: Exception) -> str:
    # Field names only: messages may quote a UPN, which must not reach the logs.
    if isinstance(error, MarkError):
        return "bad fields " + ", ".join(sorted({e.field for e in error.errors}))
    return type(error).__name__
