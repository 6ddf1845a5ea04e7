"""The real intake (Kafka, FerretDB/MongoDB) on topics and a database of its own."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from kafka import KafkaConsumer, TopicPartition

from services.ingest.app import create_app
from services.ingest.runtime import running_service
from services.ingest.settings import IngestServiceSettings
from shared.config import KafkaSettings, MongoSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.mongo import create_client
from shared.infra.tokens import create_token
from tests.unit.ingest.records import NOW, SCHOOL_A


@dataclass
class Message:
    key: str | None
    value: Any
    partition: int
    offset: int


@dataclass
class LiveIntake:
    client: TestClient
    settings: IngestServiceSettings
    kafka: KafkaSettings
    token: str

    def post(self, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.client.post(path, headers=headers, **kwargs)

    def read(self, topic: str, until: Callable[[list[Message]], bool],
             seconds: float = 20) -> list[Message]:
        """Everything on `topic` from the start, polled until `until` holds (or time out)."""
        return read_topic(self.kafka.bootstrap_servers, topic, until, seconds)


def read_topic(bootstrap: str, topic: str, until: Callable[[list[Message]], bool],
               seconds: float) -> list[Message]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        consumer.assign([TopicPartition(topic, p) for p in sorted(partitions)])
        consumer.seek_to_beginning()
        found: list[Message] = []
        deadline = time.monotonic() + seconds
        while not until(found) and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=250).values():
                found += [Message(r.key.decode() if r.key else None, _value(r.value),
                                  r.partition, r.offset) for r in records]
        return found
    finally:
        consumer.close()


def _value(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


async def _issue_token(uri: str, database: str) -> str:
    client = create_client(MongoSettings(uri=uri))
    try:
        return await create_token(client[database], "Example MIS", [SCHOOL_A], "ingest")
    finally:
        await client.close()


async def _drop(uri: str, database: str) -> None:
    client = create_client(MongoSettings(uri=uri))
    await client.drop_database(database)
    await client.close()


@pytest.fixture
def live_intake(infra: Endpoints, unique_name: str) -> Iterator[LiveIntake]:
    """A running intake with topics, consumer group and database of its own."""
    name = unique_name
    settings = IngestServiceSettings(
        database=f"ingest_it_{name}", consumer_group=f"ingest-it-{name}",
        mis_marks_topic=f"it.mis.marks.{name}", marks_topic=f"it.marks.{name}",
        pupils_topic=f"it.pupils.{name}", schools_topic=f"it.schools.{name}",
        rejects_topic=f"it.rejects.{name}", warnings_topic=f"it.warnings.{name}")
    kafka = KafkaSettings(bootstrap_servers=infra.kafka_bootstrap, topic_partitions=2)
    mongo = MongoSettings(uri=infra.mongodb_uri)
    token = asyncio.run(_issue_token(infra.mongodb_uri, settings.database))
    app = create_app(lambda: running_service(settings, kafka, mongo, clock=lambda: NOW))
    with TestClient(app) as client:
        yield LiveIntake(client, settings, kafka, token)
    asyncio.run(_drop(infra.mongodb_uri, settings.database))
