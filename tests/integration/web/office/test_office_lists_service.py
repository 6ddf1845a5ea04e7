"""The office's lists on the real web service, Kafka and FerretDB: a roster and marks
produced to the topics show on the first-day calls list over HTTP, and a first-day call
recorded on the office records topic marks the pupil's call as done; a trip recorded in
the register takes the pupil off it; a parent's STOP reply, as comms publishes it,
turns the family's golden-hour text into a call until the parent replies START."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from pydantic import SecretStr
from pymongo.asynchronous.database import AsyncDatabase

from services.web.app import create_app, mongo_and_kafka
from services.web.records.settings import OfficeFeedSettings
from services.web.settings import FeedSettings, StaffLoginSettings
from shared.config import KafkaSettings, MongoSettings, WebSettings
from shared.contracts.comms_v1 import ReplyEventV1
from shared.contracts.office_v1 import CallOutcomeV1
from shared.infra.localstack.stack import Endpoints
from shared.infra.tokens import create_token
from tests.unit.web import records
from tests.unit.web.conftest import LOCAL_BASE_URL
from tests.unit.web.records import ADA, BEN, CLEO, URN

pytestmark = pytest.mark.infra
STAFF = StaffLoginSettings(admin_user="office",
                           admin_password=SecretStr("integration-only-password"))
FIRST_DAY = f"/api/v1/schools/{URN}/office/first-day-calls?day=2026-09-08"
GOLDEN_HOUR = f"/api/v1/schools/{URN}/office/golden-hour?day=2026-09-08"

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
                     shows: Callable[[dict[str, Any]], bool],
                     path: str = FIRST_DAY) -> dict[str, Any]:
    """The list once it shows what is expected (the feeds are asynchronous)."""
    deadline = time.monotonic() + 60
    while True:
        answer = await client.get(path, headers={"Authorization": f"Bearer {token}"})
        body: dict[str, Any] = answer.json()
        if answer.status_code == 200 and shows(body):
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} shows {body}")
        await asyncio.sleep(0.3)


class OfficeWeb(NamedTuple):
    client: httpx.AsyncClient
    token: str
    office: OfficeFeedSettings
    feed: FeedSettings


@pytest.fixture
async def office_web(infra: Endpoints, unique_name: str,
                     web_database: AsyncDatabase[dict[str, Any]]
                     ) -> AsyncIterator[OfficeWeb]:
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
            yield OfficeWeb(client, token, office, feed)


async def test_a_pupil_with_no_morning_mark_is_overdue_until_the_first_call_is_recorded(
        infra: Endpoints, office_web: OfficeWeb) -> None:
    client, token, office, _ = office_web
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


async def test_a_pupil_on_a_school_trip_is_not_on_the_first_day_call_list(
        infra: Endpoints, office_web: OfficeWeb) -> None:
    client, token, _, feed = office_web
    await eventually(client, token, lambda body: len(body["calls"]) == 1)
    trip = records.mark(CLEO, "2026-09-08", "AM", "V", "2026-09-08T09:30:00+01:00")
    await produce(infra.kafka_bootstrap, feed.marks_topic, [trip], by_pupil)
    await eventually(client, token, lambda body: body["calls"] == [])


def reply(message_id: str, body: str, opted_out: bool, minute: int) -> dict[str, Any]:
    """A parent's reply as comms publishes it on comms.events.v1."""
    at = datetime(2026, 9, 8, 6, minute, tzinfo=UTC)
    return ReplyEventV1(school_urn=URN, version=1, updated_at=at, message_id=message_id,
                        upns=[ADA, BEN, CLEO], sender="+447700900123", body=body,
                        received_at=at, opted_out=opted_out).model_dump(mode="json")


def golden_families(body: dict[str, Any]) -> list[tuple[str, bool]]:
    """Each family's channel, and whether its first contact opted out of texts."""
    return [(family["channel"], family["contacts"][0]["opted_out"])
            for family in body["families"]]


async def test_a_family_whose_number_replied_stop_is_a_call_until_it_replies_start(
        infra: Endpoints, office_web: OfficeWeb) -> None:
    client, token, office, feed = office_web
    kafka, by_school = infra.kafka_bootstrap, lambda m: str(m["school_urn"])
    settings = records.school_settings(updated_at="2026-09-07T10:00:00+01:00")
    settings["message_schedule"] = {"office": {"call_below_pct": 50}}  # Ben: a text
    await produce(kafka, feed.schools_topic, [settings], by_school)
    await eventually(client, token, lambda b: golden_families(b) == [("text", False)],
                     GOLDEN_HOUR)

    await produce(kafka, office.comms_events_topic, [reply("it-stop", "STOP", True, 0)],
                  by_school)
    stopped = await eventually(client, token,
                               lambda b: golden_families(b) == [("call", True)], GOLDEN_HOUR)
    assert stopped["families"][0]["channel_reason"] == "no contact may receive texts"

    await produce(kafka, office.comms_events_topic, [reply("it-start", "Start", False, 5)],
                  by_school)
    await eventually(client, token, lambda b: golden_families(b) == [("text", False)],
                     GOLDEN_HOUR)
