"""Composition root: the real adapters (Kafka, MongoDB, wall clock) and the MIS consumer.

Nothing connects at import: `running_service` builds the clients when the app starts
and closes them when it stops.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from services.ingest.intake import IntakeDeps
from services.ingest.kafka_publisher import KafkaPublisher
from services.ingest.mis_consumer import MisMarksConsumer
from services.ingest.mongo_adapters import MongoCalendars, MongoGrants, MongoRoster
from services.ingest.ports import Clock, wall_clock
from services.ingest.service import IngestService
from services.ingest.settings import IngestServiceSettings
from shared.config import KafkaSettings, MongoSettings
from shared.infra.mongo import create_client
from shared.infra.tasks import stop_tasks
from shared.infra.topics import ensure_topics


@asynccontextmanager
async def running_service(
    settings: IngestServiceSettings, kafka: KafkaSettings, mongo: MongoSettings,
    clock: Clock = wall_clock,
) -> AsyncIterator[IngestService]:
    """Start the adapters (and the MIS-topic consumer, unless switched off); stop them
    on exit."""
    topics = settings.topics()
    await asyncio.to_thread(ensure_topics, topics.all(), kafka)
    client = create_client(mongo)
    publisher = KafkaPublisher(kafka)
    try:
        await publisher.start()
        database = client[settings.database]
        deps = IntakeDeps(publisher, MongoRoster(database), MongoCalendars(database), clock,
                          topics)
        async with _consumer_running(deps, kafka, settings):
            yield IngestService(deps, MongoGrants(database), settings.max_body_bytes)
    finally:
        await publisher.stop()
        await client.close()


@asynccontextmanager
async def _consumer_running(deps: IntakeDeps, kafka: KafkaSettings,
                            settings: IngestServiceSettings) -> AsyncIterator[None]:
    if not settings.consume_mis_marks:
        yield
        return
    task = asyncio.create_task(MisMarksConsumer(deps, kafka, settings.consumer_group).run(),
                               name="mis-marks-consumer")
    try:
        yield
    finally:
        await stop_tasks([task])
