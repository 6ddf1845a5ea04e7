"""The office's lists on the real web service, Kafka and FerretDB: a roster and marks
produced to the topics show on the first-day calls list over HTTP, and a first-day call
recorded on the office records topic marks the pupil's call as done."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from pydantic import SecretStr
from pymongo.asynchronous.database import AsyncDatabase

from services.web.app import create_app, mongo_and_kafka
from services.web.records.settings import OfficeFeedSettings
from services.web.settings import FeedSettings, StaffLoginSettings
from shared.config import KafkaSettings, MongoSettings, WebSettings
from shared.contracts.office_v1 import CallOutcomeV1
from shared.infra.localstack.stack import Endpoints
from shared.infra.tokens import create_token
from tests.unit.web import records
from tests.unit.web.conftest import LOCAL_BASE_URL
from tests.unit.web.records import CLEO, URN

pytestmark = pytest.mark.infra
STAFF = StaffLoginSettings(admin_user="office",
                           admin_password=SecretStr("integration-only-password"))
FIRST_DAY = f"/api/v1/schools/{URN}/office/first-day-calls?day=2026-09-08"

Key = Callable[[dict[str, Any]], str]


def by_pupil(message: dict[str, Any]) -> str:
    return f"{message['school_urn']}:{message['upn']}"


async def produce(kafka: str, topic: str, messages: list[dict[str, Any]], key: Key) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all")
    await producer.start()
    try:
        for message in messages:
            await producer.send(topic, json.dumps(message).encode(), key=key(message).encode())
        await producer.flush()
    finally:
        await producer.stop()


async def eventually(client: httpx.AsyncClient, token: str,
                     shows: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The list once it shows what is expected (the feeds are asynchronous)."""
    deadline = time.monotonic() + 60
    while True:
        answer = await client.get(FIRST_DAY, headers={"Authorization": f"Bearer {token}"})
        body: dict[str, Any] = answer.json()
        if answer.status_code == 200 and shows(body):
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"the first-day list shows {body}")
        await asyncio.sleep(0.3)


@pytest.fixture
async def office_web(infra: Endpoints, unique_name: str,
                     web_database: AsyncDatabase[dict[str, Any]]
                     ) -> AsyncIterator[tuple[httpx.AsyncClient, str, OfficeFeedSettings]]:
    feed = FeedSettings(consumer_group=f"web-{unique_name}",
                        marks_topic=f"it.office.marks.{unique_name}",
                        pupils_topic=f"it.office.pupils.{unique_name}",
                        schools_topic=f"it.office.schools.{unique_name}",
                        signals_topic=f"it.office.signals.{unique_name}")
    office = OfficeFeedSettings(office_consumer_group=f"web-office-{unique_name}",
                                office_records_topic=f"it.office.records.{unique_name}",
                                comms_events_topic=f"it.office.events.{unique_name}",
                                comms_commands_topic=f"it.office.commands.{unique_name}")
    app = create_app(lambda: mongo_and_kafka(
        STAFF, WebSettings(database=web_database.name), MongoSettings(uri=infra.mongodb_uri),
        KafkaSettings(bootstrap_servers=infra.kafka_bootstrap, topic_partitions=2), feed,
        office))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL_BASE_URL) as client:
            kafka = infra.kafka_bootstrap
            await produce(kafka, feed.schools_topic, [records.school_settings()],
                          lambda m: m["school_urn"])
            await produce(kafka, feed.pupils_topic, records.school_pupils(), by_pupil)
            await produce(kafka, feed.marks_topic, records.school_marks(), by_pupil)
            token = await create_token(web_database, "it-office", [URN], "read")
            yield client, token, office


async def test_a_pupil_with_no_morning_mark_is_overdue_until_the_first_call_is_recorded(
        infra: Endpoints, office_web: tuple[httpx.AsyncClient, str, OfficeFeedSettings]
        ) -> None:
    client, token, office = office_web
    listed = await eventually(client, token, lambda body: len(body["calls"]) == 1)
    row = listed["calls"][0]
    assert (row["upn"], row["name"], row["deadline_status"]) == (CLEO, "Cleo Marsh", "overdue")
    assert row["why"].startswith("no morning mark after the register closed at")
    assert [contact["name"] for contact in row["contacts"]] == ["Parent Marsh"]
    call = CallOutcomeV1(record_id="it-office-call-0001", school_urn=URN, upn=CLEO,
                         school_day=date(2026, 9, 8), recorded_by="office",
                         recorded_at=datetime(2026, 9, 8, 9, 20, tzinfo=UTC),
                         attempt="first_day", outcome="reached")
    await produce(infra.kafka_bootstrap, office.office_records_topic,
                  [call.model_dump(mode="json")], by_pupil)
    done = await eventually(client, token,
                            lambda body: body["calls"][0]["deadline_status"] == "done")
    assert done["calls"][0]["calls"][0]["outcome"] == "reached"
