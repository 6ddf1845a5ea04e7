"""Create the product's Kafka topics with enough partitions to scale out."""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextlib import suppress

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from shared.config import KafkaSettings

LEADERS_TIMEOUT_S = 30.0


def ensure_topics(names: Iterable[str], settings: KafkaSettings | None = None) -> None:
    """Create each topic that does not exist yet, then wait until every partition of
    every named topic has a leader: a producer that writes before that gets
    NotLeaderForPartition, and a consumer that subscribes before that may not see the
    topic until its next metadata refresh. Existing topics are left as they are."""
    settings = settings or KafkaSettings()
    wanted = list(dict.fromkeys(names))
    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    try:
        existing = set(admin.list_topics())
        missing = [
            NewTopic(name, num_partitions=settings.topic_partitions, replication_factor=1)
            for name in wanted if name not in existing
        ]
        if missing:
            # Another process may create a topic between our look and our create.
            with suppress(TopicAlreadyExistsError):
                admin.create_topics(missing)
        _wait_for_leaders(admin, wanted)
    finally:
        admin.close()


def _wait_for_leaders(admin: KafkaAdminClient, names: list[str]) -> None:
    deadline = time.monotonic() + LEADERS_TIMEOUT_S
    while True:
        try:
            if all(_has_leaders(topic) for topic in admin.describe_topics(names)):
                return
        except KafkaError:
            pass  # metadata for a just-created topic may not be there yet
        if time.monotonic() > deadline:
            raise TimeoutError(f"Kafka topics {', '.join(names)} have no partition leaders "
                               f"after {LEADERS_TIMEOUT_S:.0f}s: check the broker's log")
        time.sleep(0.2)


def _has_leaders(topic: dict[str, object]) -> bool:
    partitions = topic.get("partitions") or []
    assert isinstance(partitions, list)
    return (topic.get("error_code") == 0 and bool(partitions)
            and all(p.get("leader_id", -1) >= 0 for p in partitions))
