"""The comms service started on the real broker and store, for the integration tests.

Each test gets its own topics, consumer group and database; the clock is simulated.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from services.comms.app import CommsService
from services.comms.clock import SimulatedClock
from services.comms.runtime import running_service
from services.comms.settings import CommsSettings
from shared.config import KafkaSettings, MongoSettings
from shared.contracts.comms_v1 import CommsEventMessageV1, CommsEventV1
from shared.infra.localstack.stack import Endpoints
from shared.infra.mongo import create_client
from tests.unit.comms.builders import DAD, DAY, MUM, SCHOOL, UPN_AMY, london

UPDATED = "2026-09-01T08:00:00+00:00"
SCHOOL_SETTINGS = {"schema_version": 1, "school_urn": SCHOOL, "name": "Meadow Lane Primary",
                   "phase": "primary", "head_teacher": "Ms Rowan Hart",
                   "timetable": {"lessons_per_day": 5, "subjects": [
                       {"name": "English", "lessons_per_week": 5},
                       {"name": "maths", "lessons_per_week": 5}]},
                   "updated_at": UPDATED}
AMY = {"schema_version": 1, "school_urn": SCHOOL, "upn": UPN_AMY, "given_name": "Amy",
       "family_name": "Testwell", "date_of_birth": "2016-03-02", "year_group": 5,
       "reg_group": "5B", "admission_date": "2021-09-01",
       "contacts": [{"contact_id": "c1", "name": "Pat Testwell", "relationship": "mother",
                     "phone": MUM, "priority": 1, "may_receive_texts": True},
                    {"contact_id": "c2", "name": "Sam Testwell", "relationship": "father",
                     "phone": DAD, "priority": 2, "may_receive_texts": True,
                     "do_not_contact": True}],
       "updated_at": UPDATED}
U_MARK = {"schema_version": 1, "school_urn": SCHOOL, "upn": UPN_AMY, "date": DAY.isoformat(),
          "session": "AM", "code": "U", "minutes_late": 40,
          "recorded_at": "2026-09-08T08:45:00+00:00", "comment": None, "source": "http",
          "ingested_at": "2026-09-08T08:45:01+00:00"}


def signal(kind: str, signal_id: str, detail: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"schema_version": 1, "signal_id": signal_id, "school_urn": SCHOOL,
            "upn": UPN_AMY, "kind": kind, "occurred_on": DAY.isoformat(),
            "detail": detail or {}, "caused_by": None, "ingested_at": None}


@dataclass
class Live:
    settings: CommsSettings
    kafka: KafkaSettings
    mongo: MongoSettings
    clock: SimulatedClock

    def topics(self) -> dict[str, str]:
        s = self.settings
        return {"schools": s.schools_topic, "pupils": s.pupils_topic, "marks": s.marks_topic,
                "signals": s.signals_topic, "office": s.office_topic,
                "commands": s.commands_topic, "events": s.events_topic}

    async def produce(self, topic: str, key: str, *values: dict[str, Any] | bytes) -> None:
        producer = AIOKafkaProducer(bootstrap_servers=self.kafka.bootstrap_servers)
        await producer.start()
        try:
            for value in values:
                raw = value if isinstance(value, bytes) else json.dumps(value).encode()
                await producer.send_and_wait(self.topics()[topic], raw, key=key.encode())
        finally:
            await producer.stop()

    @asynccontextmanager
    async def service(self, group: str | None = None) -> AsyncIterator[CommsService]:
        settings = self.settings.model_copy(
            update={"consumer_group": group or self.settings.consumer_group})
        async with running_service(settings, self.kafka, self.mongo, self.clock) as service:
            yield service

    async def events(self) -> list[CommsEventV1]:
        """Everything on the events topic so far, in order per partition."""
        consumer = AIOKafkaConsumer(self.settings.events_topic,
                                    bootstrap_servers=self.kafka.bootstrap_servers,
                                    auto_offset_reset="earliest", enable_auto_commit=False)
        await consumer.start()
        try:
            batches = await consumer.getmany(timeout_ms=2000)
            return [CommsEventMessageV1.model_validate_json(r.value or b"").root
                    for batch in batches.values() for r in batch]
        finally:
            await consumer.stop()

    async def collection(self, name: str) -> list[dict[str, Any]]:
        client = create_client(self.mongo)
        try:
            return [d async for d in client[self.settings.database][name].find()]
        finally:
            await client.close()


@pytest.fixture
async def live(infra: Endpoints, unique_name: str,
               monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Live]:
    for name in ("ACCOUNT_SID", "AUTH_TOKEN", "FROM"):
        monkeypatch.delenv(f"COMMS_TWILIO_{name}", raising=False)
    prefix = f"comms-test-{unique_name}"
    settings = CommsSettings(
        database=f"comms_test_{unique_name}", consumer_group=f"{prefix}-group",
        schools_topic=f"{prefix}-schools", pupils_topic=f"{prefix}-pupils",
        marks_topic=f"{prefix}-marks", signals_topic=f"{prefix}-signals",
        office_topic=f"{prefix}-office", commands_topic=f"{prefix}-commands",
        events_topic=f"{prefix}-events", dispatch_every_seconds=0.2,
        publish_every_seconds=0.2)
    mongo = MongoSettings(uri=infra.mongodb_uri)
    yield Live(settings, KafkaSettings(bootstrap_servers=infra.kafka_bootstrap,
                                       topic_partitions=2),
               mongo, SimulatedClock(london(DAY, 9, 35)))
    client = create_client(mongo)
    await client.drop_database(settings.database)
    await client.close()


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.2)


