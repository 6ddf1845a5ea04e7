"""How far a consumer group is behind a topic: the end-to-end finish line."""

from __future__ import annotations

import time

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition


def group_lag(bootstrap: str, group: str, topic: str) -> int:
    """Messages on `topic` not yet committed by `group` (all of them if it has none)."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        ends = consumer.end_offsets(partitions)
        committed = admin.list_group_offsets({group: None}).get(group, {})
        return sum(end - (committed[tp].offset if tp in committed else 0)
                   for tp, end in ends.items())
    finally:
        consumer.close()
        admin.close()


def wait_for_zero_lag(bootstrap: str, group: str, topic: str, timeout_s: float,
                      poll_s: float = 0.5) -> float:
    """Block until the group has committed everything; return the monotonic time it did."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if group_lag(bootstrap, group, topic) <= 0:
            return time.monotonic()
        time.sleep(poll_s)
    raise TimeoutError(f"consumer group {group!r} still behind on {topic} after {timeout_s:.0f}s")
