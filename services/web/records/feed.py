"""The office feed: office records and comms events into the office log.

At-least-once like the read-model feed: offsets are committed only after the batch is
stored, and storing is idempotent (records once by id, events by highest version). A
message that is not a valid record or event is logged by topic, partition, offset and
the field at fault (never its values: they may name people) and skipped, so the feed
never stalls on it.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.structs import ConsumerRecord
from pydantic import ValidationError

from services.web.feed import next_offsets
from services.web.records.log import OfficeLog
from services.web.records.settings import OfficeFeedSettings
from shared.config import KafkaSettings
from shared.contracts.comms_v1 import CommsEventMessageV1, CommsEventV1
from shared.contracts.office_v1 import OfficeRecordMessageV1, OfficeRecordV1
from shared.infra.topics import ensure_topics

logger = logging.getLogger(__name__)
RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0)
Polled = Mapping[TopicPartition, Sequence[ConsumerRecord]]


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


class _WaitForBatch(ConsumerRebalanceListener):
    def __init__(self, lock: asyncio.Lock) -> None:
        self._lock = lock

    async def on_partitions_revoked(self, revoked: object) -> None:
        async with self._lock:  # the batch in hand is stored and committed first
            pass

    async def on_partitions_assigned(self, assigned: object) -> None:
        return None


class OfficeFeed:
    """Consumer group "web-office" over office.records.v1 and comms.events.v1."""

    def __init__(self, log: OfficeLog, kafka: KafkaSettings,
                 settings: OfficeFeedSettings) -> None:
        self._log = log
        self._kafka = kafka
        self._settings = settings
        self._lock = asyncio.Lock()
        self.connected = False

    @property
    def topics(self) -> list[str]:
        return [self._settings.office_records_topic, self._settings.comms_events_topic]

    async def run(self) -> None:
        """Follow the topics until cancelled; reconnect after the broker goes away."""
        while True:
            consumer = await self._connect()
            try:
                await self._follow(consumer)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("office feed failed; reconnecting")
                await asyncio.sleep(RETRY_SECONDS[-1])
            finally:
                self.connected = False
                await consumer.stop()

    async def _connect(self) -> AIOKafkaConsumer:
        for attempt in itertools.count():
            try:
                await asyncio.to_thread(ensure_topics, self.topics, self._kafka)
                consumer = AIOKafkaConsumer(
                    bootstrap_servers=self._kafka.bootstrap_servers,
                    group_id=self._settings.office_consumer_group, enable_auto_commit=False,
                    auto_offset_reset="earliest")
                consumer.subscribe(self.topics, listener=_WaitForBatch(self._lock))
                await consumer.start()
                self.connected = True
                return consumer
            except Exception as error:
                delay = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
                logger.warning("Kafka not reachable at %s (%s); retrying in %.1fs",
                               self._kafka.bootstrap_servers, type(error).__name__, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    async def _follow(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            polled = await consumer.getmany(timeout_ms=500, max_records=self._settings.max_batch)
            if not polled:
                continue
            async with self._lock:
                await self._store(read_batch(polled, self._settings))
                await consumer.commit(next_offsets(polled))

    async def _store(self, batch: OfficeBatch) -> None:
        for attempt in itertools.count():
            try:
                await self._log.store_records(batch.records)
                await self._log.store_events(batch.events)
                return
            except Exception as error:
                # Never skip a batch the store could not take: retry until it does.
                delay = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
                logger.warning("office log write failed (%s); retrying in %.1fs",
                               type(error).__name__, delay)
                await asyncio.sleep(delay)
