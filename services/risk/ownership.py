"""Which worker may write a pupil: the one whose marks partition holds the pupil's key.

Faust gives each partition to one worker at a time, so a pupil's marks and roster are
applied by one worker. The timers (outbox sweep, register check) follow the same rule,
so a pupil's document is only ever written by its owner: on FerretDB, whose updates are
not isolated from each other, two writers of one document could lose an update.
"""

from __future__ import annotations

from collections.abc import Callable

from aiokafka.partitioner import murmur2
from kafka import KafkaConsumer

_POSITIVE = 0x7FFFFFFF

Owns = Callable[[str], bool]


def partition_of(key: str, partitions: int) -> int:
    """The partition Kafka's default partitioner gives this key (murmur2, as Java's)."""
    return (murmur2(key.encode()) & _POSITIVE) % partitions


def partition_count(bootstrap_servers: str, topic: str) -> int:
    """How many partitions a topic has (it must exist)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap_servers)
    try:
        partitions = consumer.partitions_for_topic(topic)
    finally:
        consumer.close()
    if not partitions:
        raise RuntimeError(f"topic {topic!r} has no partitions; create it before starting")
    return len(partitions)


def everyone(key: str) -> bool:
    """Ownership for a single process that writes every pupil (tests, tools)."""
    return True
