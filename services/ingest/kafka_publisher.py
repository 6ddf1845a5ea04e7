"""Publisher adapter on Kafka: acks=all, idempotent, every send awaited.

`publish` returns only when the broker has acknowledged every message of the batch
on all in-sync replicas, so an answered request or a committed offset never loses a
record.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from aiokafka.partitioner import DefaultPartitioner, murmur2

from services.ingest.ports import Outgoing, UnavailableError
from shared.config import KafkaSettings


class KeyHashCache(DefaultPartitioner):
    """Kafka's default key partitioning (murmur2, as the Java client), remembering each
    key's hash: a request holds many marks of the same pupils, and the hash is pure
    Python."""

    def __init__(self) -> None:
        self._hash = lru_cache(maxsize=65_536)(murmur2)

    def __call__(self, key: bytes | None, all_partitions: list[int],
                 available: list[int]) -> int:
        if key is None:
            return super().__call__(key, all_partitions, available)
        partition: int = all_partitions[(self._hash(key) & 0x7FFFFFFF) % len(all_partitions)]
        return partition


def encode(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False,
                      default=str).encode("utf-8")


class KafkaPublisher:
    """Publishes JSON messages; start() before use, stop() at shutdown."""

    def __init__(self, settings: KafkaSettings) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=settings.bootstrap_servers,
            client_id="attendance-ingest",
            acks="all",
            partitioner=KeyHashCache(),
            # Not idempotent: after a leader change an idempotent producer can be left
            # failing with OutOfOrderSequenceNumber for good. A retried duplicate is
            # harmless here: a re-sent mark is counted once downstream.
            enable_idempotence=False,
            # A short linger lets a request's marks travel in a few large batches.
            linger_ms=5,
            max_batch_size=512 * 1024,
            request_timeout_ms=15_000,
        )

    async def start(self) -> None:
        try:
            await self._producer.start()
        except KafkaError as error:
            await self._producer.stop()
            raise UnavailableError(f"the Kafka broker did not answer: {error}") from error

    async def stop(self) -> None:
        await self._producer.stop()

    async def publish(self, messages: Sequence[Outgoing]) -> None:
        try:
            deliveries = [
                await self._producer.send(message.topic, encode(message.value),
                                          key=message.key.encode() if message.key else None)
                for message in messages
            ]
            await asyncio.gather(*deliveries)
        except KafkaError as error:
            raise UnavailableError(f"the broker did not acknowledge: {error}") from error

    async def healthy(self) -> bool:
        try:
            await asyncio.wait_for(self._producer.client.fetch_all_metadata(), timeout=3)
        except (KafkaError, TimeoutError, OSError):
            return False
        return True
