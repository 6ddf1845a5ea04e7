"""The read-model feed: follows the marks, pupils, schools and signals topics and writes
the web service's read models (at least once, idempotently: see following.py)."""

from __future__ import annotations

from services.web.following import Polled, TopicFollower
from services.web.projection import BatchBuilder, FeedMessage
from services.web.settings import FeedSettings
from services.web.store import ReadModelStore
from shared.config import KafkaSettings


class ReadModelFeed:
    """Consumer group "web" over the marks, pupils, schools and signals topics."""

    def __init__(self, store: ReadModelStore, kafka: KafkaSettings, settings: FeedSettings,
                 create_topics: bool = True) -> None:
        self._store = store
        self._settings = settings
        self._follower = TopicFollower("read-model feed", settings.topics.all(),
                                       settings.consumer_group, kafka, settings.max_batch,
                                       self._store_batch, create_topics)
        self.stored_messages = 0

    @property
    def connected(self) -> bool:
        return self._follower.connected

    async def run(self) -> None:
        """Follow the topics until cancelled."""
        await self._follower.run()

    async def _store_batch(self, polled: Polled) -> None:
        builder = BatchBuilder(self._settings.topics)
        for records in polled.values():
            for record in records:
                builder.add(FeedMessage(record.topic, record.partition, record.offset,
                                        record.value))
        await self._store.apply(builder.batch)
        self.stored_messages += len(builder.batch)
