"""Following topics at least once: the pattern both of the web service's feeds share.

Each poll is handed to `store` (which must be idempotent) and its offsets are committed
only once that returns, so a crash or a replay from the beginning gives the same read
models. A batch the store cannot take is retried until it can, never skipped. A
partition is never handed to another process in the middle of a batch: the rebalance
waits for the batch in hand to be stored and committed. The broker going away means
reconnecting, with back-off, until it is back.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.structs import ConsumerRecord

from shared.config import KafkaSettings
from shared.infra.topics import ensure_topics

logger = logging.getLogger(__name__)

RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0)
Polled = Mapping[TopicPartition, Sequence[ConsumerRecord]]


def next_offsets(polled: Polled) -> dict[TopicPartition, int]:
    """The offsets to commit: one past the last record stored from each partition."""
    return {partition: records[-1].offset + 1 for partition, records in polled.items()
            if records}


def retry_delay(attempt: int) -> float:
    return RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]


class _WaitForBatch(ConsumerRebalanceListener):
    def __init__(self, lock: asyncio.Lock) -> None:
        self._lock = lock

    async def on_partitions_revoked(self, revoked: object) -> None:
        async with self._lock:  # the batch in hand is stored and committed first
            pass

    async def on_partitions_assigned(self, assigned: object) -> None:
        return None


class TopicFollower:
    """One consumer group over some topics, storing each poll before committing it."""

    def __init__(self, name: str, topics: Sequence[str], group: str, kafka: KafkaSettings,
                 max_batch: int, store: Callable[[Polled], Awaitable[None]],
                 create_topics: bool = True) -> None:
        self._name, self._topics, self._group = name, list(topics), group
        self._kafka, self._max_batch, self._store = kafka, max_batch, store
        self._create_topics = create_topics
        self._lock = asyncio.Lock()
        self.connected = False

    async def run(self) -> None:
        """Follow the topics until cancelled; reconnect after the broker goes away."""
        while True:
            consumer = await self._connect()
            try:
                await self._follow(consumer)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("%s failed; reconnecting", self._name)
                await asyncio.sleep(RETRY_SECONDS[-1])
            finally:
                self.connected = False
                await consumer.stop()

    async def _connect(self) -> AIOKafkaConsumer:
        for attempt in itertools.count():
            try:
                if self._create_topics:
                    await asyncio.to_thread(ensure_topics, self._topics, self._kafka)
                consumer = AIOKafkaConsumer(
                    bootstrap_servers=self._kafka.bootstrap_servers, group_id=self._group,
                    enable_auto_commit=False, auto_offset_reset="earliest",
                    # A topic not yet in the broker's metadata at subscription is picked
                    # up within 5 s, not aiokafka's default of 5 minutes.
                    metadata_max_age_ms=5_000)
                consumer.subscribe(self._topics, listener=_WaitForBatch(self._lock))
                await consumer.start()
                self.connected = True
                return consumer
            except Exception as error:
                logger.warning("%s: Kafka not reachable at %s (%s); retrying in %.1fs",
                               self._name, self._kafka.bootstrap_servers,
                               type(error).__name__, retry_delay(attempt))
                await asyncio.sleep(retry_delay(attempt))
        raise AssertionError("unreachable")

    async def _follow(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            polled = await consumer.getmany(timeout_ms=500, max_records=self._max_batch)
            if not polled:
                continue
            async with self._lock:
                await self._store_until_stored(polled)
                await consumer.commit(next_offsets(polled))

    async def _store_until_stored(self, polled: Polled) -> None:
        for attempt in itertools.count():
            try:
                await self._store(polled)
                return
            except Exception as error:
                # Only the error's type is logged: store messages can quote a pupil's key.
                logger.warning("%s: store write failed (%s); retrying in %.1fs", self._name,
                               type(error).__name__, retry_delay(attempt))
                await asyncio.sleep(retry_delay(attempt))
