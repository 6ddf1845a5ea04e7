"""Turn topic messages into read-model writes (pure: no I/O, no clock).

A message that cannot be read is skipped with a log line naming its topic, partition,
offset and the fields at fault (never names or UPNs): the read model must never stall
on a poison message, and ingest has already sent the sender its reasons.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from services.web.readmodel import PupilUpdate, ReadModelBatch, SchoolUpdate, SignalRecord
from services.web.settings import FeedTopics
from shared.contracts.pupils_v1 import PupilMessageV1
from shared.contracts.schools_v1 import SchoolSettingsMessageV1
from shared.contracts.signals_v1 import SignalV1
from shared.kernel import MarkError, parse_mark

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedMessage:
    """One record from a topic, with where it came from (for the log of skipped ones)."""

    topic: str
    partition: int
    offset: int
    value: bytes | None


def sortable_utc(moment: datetime) -> str:
    """A timestamp as fixed-width UTC text, so text order is time order in the store."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


class BatchBuilder:
    """Collects the writes asked for by one poll's messages, in arrival order."""

    def __init__(self, topics: FeedTopics) -> None:
        self._topics = topics
        self.batch = ReadModelBatch()
        self.skipped = 0

    def add(self, message: FeedMessage) -> None:
        try:
            record = _json_object(message.value)
            self._add(message.topic, record)
        except (ValueError, MarkError, ValidationError) as error:
            self.skipped += 1
            logger.warning("skipped unreadable message %s[%d]@%d: %s", message.topic,
                           message.partition, message.offset, _reason(error))

    def _add(self, topic: str, record: Mapping[str, Any]) -> None:
        if topic == self._topics.marks:
            self.batch.marks.append(parse_mark(record))
        elif topic == self._topics.pupils:
            self.batch.pupils.append(pupil_update(record))
        elif topic == self._topics.schools:
            self.batch.schools.append(school_update(record))
        elif topic == self._topics.signals:
            self.batch.signals.append(signal_record(record))
        else:
            raise ValueError(f"no read model is fed from topic {topic}")


def pupil_update(record: Mapping[str, Any]) -> PupilUpdate:
    pupil = PupilMessageV1.model_validate(record)
    details = pupil.model_dump(mode="json", exclude={"school_urn", "upn", "schema_version"})
    return PupilUpdate(pupil.school_urn, pupil.upn, details, sortable_utc(pupil.updated_at))


def school_update(record: Mapping[str, Any]) -> SchoolUpdate:
    school = SchoolSettingsMessageV1.model_validate(record)
    settings = school.model_dump(mode="json", exclude={"school_urn", "schema_version"})
    return SchoolUpdate(school.school_urn, settings, sortable_utc(school.updated_at))


def signal_record(record: Mapping[str, Any]) -> SignalRecord:
    signal = SignalV1.model_validate(record)
    cause = None if signal.caused_by is None else signal.caused_by.model_dump(mode="json")
    return SignalRecord(signal.signal_id, signal.school_urn, signal.upn, str(signal.kind),
                        signal.occurred_on, signal.detail, cause)


def _json_object(value: bytes | None) -> Mapping[str, Any]:
    if value is None:
        raise ValueError("the message has no value")
    try:
        record = json.loads(value)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("the message is not JSON") from None
    if not isinstance(record, dict):
        raise ValueError("the message is not a JSON object")
    return record


def _reason(error: Exception) -> str:
    """Which fields were wrong, without their values (they may name a pupil)."""
    if isinstance(error, MarkError):
        return "bad fields: " + ", ".join(sorted({e.field for e in error.errors}))
    if isinstance(error, ValidationError):
        fields = {".".join(str(part) for part in e["loc"]) or "(record)" for e in error.errors()}
        return "bad fields: " + ", ".join(sorted(fields))
    return str(error)
