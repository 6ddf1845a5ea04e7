"""Create the product's Kafka topics with enough partitions to scale out."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from shared.config import KafkaSettings


def ensure_topics(names: Iterable[str], settings: KafkaSettings | None = None) -> None:
    """Create each topic that does not exist yet; existing topics are left alone."""
    settings = settings or KafkaSettings()
    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    try:
        existing = set(admin.list_topics())
        missing = [
            NewTopic(name, num_partitions=settings.topic_partitions, replication_factor=1)
            for name in names if name not in existing
        ]
        if missing:
            # Another process may create a topic between our look and our create.
            with suppress(TopicAlreadyExistsError):
                admin.create_topics(missing)
    finally:
        admin.close()
