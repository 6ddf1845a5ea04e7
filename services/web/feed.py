"""The read-model feed: follows the topics and writes the web service's read models.

At-least-once: offsets are committed only after the batch is stored, and every write
is idempotent, so a crash or a replay from the beginning gives the same read models.
A partition is never handed to another process in the middle of a batch: the
rebalance waits for the batch in hand to be stored and committed.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Mapping, Sequence

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.structs import ConsumerRecord

from services.web.projection import BatchBuilder, FeedMessage
from services.web.settings import FeedSettings
from services.web.store import ReadModelStore
from shared.config import KafkaSettings
from shared.infra.topics import ensure_topics

logger = logging.getLogger(__name__)

RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0)


class _WaitForBatch(ConsumerRebalanceListener):
    def __init__(self, lock: asyncio.Lock) -> None:
        self._lock = lock

    async def on_partitions_revoked(self, revoked: object) -> None:
        async with self._lock:  # the batch in hand is stored and committed first
            pass

    async def on_partitions_assigned(self, assigned: object) -> None:
        return None


class ReadModelFeed:
    """Consumer group "web" over the marks, pupils, schools and signals topics."""

    def __init__(self, store: ReadModelStore, kafka: KafkaSettings, settings: FeedSettings,
                 create_topics: bool = True) -> None:
        self._store = store
        self._kafka = kafka
        self._settings = settings
        self._create_topics = create_topics
        self._lock = asyncio.Lock()
        self.connected = False
        self.stored_messages = 0

    async def run(self) -> None:
        """Follow the topics until cancelled; reconnect after the broker goes away."""
        while True:
            consumer = await self._connect()
            try:
                await self._follow(consumer)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("read-model feed failed; reconnecting")
                await asyncio.sleep(RETRY_SECONDS[-1])
            finally:
                self.connected = False
                await consumer.stop()

    async def _connect(self) -> AIOKafkaConsumer:
        topics = self._settings.topics.all()
        for attempt in itertools.count():
            try:
                if self._create_topics:
                    await asyncio.to_thread(ensure_topics, topics, self._kafka)
                consumer = AIOKafkaConsumer(
                    bootstrap_servers=self._kafka.bootstrap_servers,
                    group_id=self._settings.consumer_group, enable_auto_commit=False,
                    auto_offset_reset="earliest")
                consumer.subscribe(list(topics), listener=_WaitForBatch(self._lock))
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
                await self._store_batch(polled)
                await consumer.commit(next_offsets(polled))

    async def _store_batch(self, polled: Mapping[TopicPartition, Sequence[ConsumerRecord]]
                           ) -> None:
        builder = BatchBuilder(self._settings.topics)
        for records in polled.values():
            for record in records:
                builder.add(FeedMessage(record.topic, record.partition, record.offset,
                                        record.value))
        for attempt in itertools.count():
            try:
                await self._store.apply(builder.batch)
                self.stored_messages += len(builder.batch)
                return
            except Exception as error:
                # Never skip a batch the store could not take: retry until it does.
                # Only the error's type is logged: store messages can quote a pupil's key.
                delay = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
                logger.warning("store write failed (%s); retrying in %.1fs",
                               type(error).__name__, delay)
                await asyncio.sleep(delay)


def next_offsets(polled: Mapping[TopicPartition, Sequence[ConsumerRecord]]
                 ) -> dict[TopicPartition, int]:
    """The offsets to commit: one past the last record stored from each partition."""
    return {partition: records[-1].offset + 1 for partition, records in polled.items()
            if records}
