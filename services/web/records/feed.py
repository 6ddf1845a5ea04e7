"""The office feed: office records and comms events into the office log.

At-least-once like the read-model feed: offsets are committed only after the batch is
stored, and storing is idempotent (records once by id, events by highest version). A
message that is not a valid record or event is logged by topic, partition, offset and
the field at fault (never its values: they may name people) and skipped, so the feed
never stalls on it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from pydantic import ValidationError

from services.web.following import Polled, TopicFollower
from services.web.records.log import OfficeLog
from services.web.records.settings import OfficeFeedSettings
from shared.config import KafkaSettings
from shared.contracts.comms_v1 import CommsEventMessageV1, CommsEventV1
from shared.contracts.office_v1 import OfficeRecordMessageV1, OfficeRecordV1

logger = logging.getLogger(__name__)


@dataclass
class OfficeBatch:
    """One poll's records and events, poison messages left out."""

    records: list[OfficeRecordV1] = field(default_factory=list)
    events: list[CommsEventV1] = field(default_factory=list)
    skipped: int = 0


def read_batch(polled: Polled, settings: OfficeFeedSettings) -> OfficeBatch:
    batch = OfficeBatch()
    for messages in polled.values():
        for message in messages:
            try:
                if message.topic == settings.office_records_topic:
                    batch.records.append(_record(message.value))
                else:
                    batch.events.append(_event(message.value))
            except ValidationError as error:
                batch.skipped += 1
                logger.warning("skipped %s[%d]@%d: %s", message.topic, message.partition,
                               message.offset, fields_at_fault(error))
    return batch


def _record(value: bytes | None) -> OfficeRecordV1:
    return OfficeRecordMessageV1.model_validate_json(value or b"").root


def _event(value: bytes | None) -> CommsEventV1:
    return CommsEventMessageV1.model_validate_json(value or b"").root


def fields_at_fault(error: ValidationError) -> str:
    """Which fields were wrong and how, without the values (they may identify people)."""
    return "; ".join(f"{'.'.join(str(part) for part in e['loc']) or '(message)'}: {e['type']}"
                     for e in error.errors(include_input=False, include_url=False))


class OfficeFeed:
    """Consumer group "web-office" over office.records.v1 and comms.events.v1."""

    def __init__(self, log: OfficeLog, kafka: KafkaSettings,
                 settings: OfficeFeedSettings) -> None:
        self._log = log
        self._settings = settings
        self._follower = TopicFollower("office feed", self.topics,
                                       settings.office_consumer_group, kafka,
                                       settings.max_batch, self._store)

    @property
    def topics(self) -> list[str]:
        return [self._settings.office_records_topic, self._settings.comms_events_topic]

    @property
    def connected(self) -> bool:
        return self._follower.connected

    async def run(self) -> None:
        """Follow the topics until cancelled."""
        await self._follower.run()

    async def _store(self, polled: Polled) -> None:
        batch = read_batch(polled, self._settings)
        await self._log.store_records(batch.records)
        await self._log.store_events(batch.events)
