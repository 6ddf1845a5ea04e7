"""Signals on Kafka: publishing them, and reading back which were published already.

Reading back is what makes re-publishing an outbox left by a crash exact: a worker killed
after the broker took its signals but before it cleared its outbox must not publish
them a second time.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import faust
from aiokafka import AIOKafkaConsumer, TopicPartition

_READ_TIMEOUT_MS = 1000
_SCAN_LIMIT_S = 60.0


class FaustSignalPublisher:
    """SignalPublisher through the worker's faust producer."""

    def __init__(self, topic: faust.TopicT) -> None:
        self.topic = topic

    async def publish(self, messages: Sequence[tuple[str, str]]) -> None:
        deliveries = [await self.topic.send(key=key.encode(), value=message.encode())
                      for key, message in messages]
        # Only once the broker has acknowledged every signal may the outbox be cleared.
        await asyncio.gather(*deliveries)


class KafkaSignalLog:
    """Which signal ids are already on the signals topic, from a given time on."""

    def __init__(self, bootstrap_servers: str, topic: str) -> None:
        self.bootstrap_servers, self.topic = bootstrap_servers, topic

    async def published_ids(self, since: datetime, wanted: set[str]) -> set[str]:
        """The ids among `wanted` in records timestamped at or after `since`."""
        # Subscribed without a group: the consumer is given every partition of the topic.
        consumer = AIOKafkaConsumer(self.topic, bootstrap_servers=self.bootstrap_servers,
                                    enable_auto_commit=False, group_id=None)
        await consumer.start()
        try:
            return await self._scan(consumer, since, wanted)
        finally:
            await consumer.stop()

    async def _scan(self, consumer: AIOKafkaConsumer, since: datetime,
                    wanted: set[str]) -> set[str]:
        tps = await _assigned(consumer)
        ends = await consumer.end_offsets(tps)
        starts = await consumer.offsets_for_times({tp: int(since.timestamp() * 1000)
                                                   for tp in tps})
        remaining = {}
        for tp in tps:
            start = starts[tp].offset if starts.get(tp) is not None else ends[tp]
            if start < ends[tp]:
                consumer.seek(tp, start)
                remaining[tp] = ends[tp]
            else:
                consumer.pause(tp)
        return await _read_until(consumer, remaining, wanted)


async def _read_until(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int],
                      wanted: set[str]) -> set[str]:
    found: set[str] = set()
    deadline = asyncio.get_running_loop().time() + _SCAN_LIMIT_S
    while ends:
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"could not read the signals topic to its end within "
                               f"{_SCAN_LIMIT_S:.0f}s; the outbox is kept for the next sweep")
        batches = await consumer.getmany(*ends, timeout_ms=_READ_TIMEOUT_MS)
        for records in batches.values():
            found.update(_ids(records, wanted))
        for tp in list(ends):
            if await consumer.position(tp) >= ends[tp]:
                consumer.pause(tp)
                del ends[tp]
    return found


async def _assigned(consumer: AIOKafkaConsumer) -> list[TopicPartition]:
    deadline = asyncio.get_running_loop().time() + _SCAN_LIMIT_S
    while not consumer.assignment():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("the signals topic has no partitions yet")
        await asyncio.sleep(0.05)
    return sorted(consumer.assignment())


def _ids(records: Sequence[Any], wanted: set[str]) -> set[str]:
    found = set()
    for record in records:
        try:
            signal = json.loads(record.value).get("signal_id")
        except (ValueError, AttributeError, TypeError):
            continue
        if signal in wanted:
            found.add(signal)
    return found
