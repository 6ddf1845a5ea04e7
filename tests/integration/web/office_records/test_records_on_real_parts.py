"""Recording and the office feed end to end on real Kafka and FerretDB: what staff post
goes through office.records.v1 and comes back on the pupil page; comms events keep their
highest version; an issued letter's PDF downloads."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from pydantic import SecretStr
from pymongo.asynchronous.database import AsyncDatabase

from services.web.access import WebContext
from services.web.app import create_app, mongo_and_kafka
from services.web.records.settings import OfficeFeedSettings
from services.web.settings import FeedSettings, StaffLoginSettings
from shared.config import KafkaSettings, MongoSettings, WebSettings
from shared.infra.localstack.stack import Endpoints
from tests.unit.web import records
from tests.unit.web.conftest import LOCAL_BASE_URL
from tests.unit.web.office_records import samples
from tests.unit.web.records import ADA, URN

pytestmark = pytest.mark.infra
STAFF = StaffLoginSettings(admin_user="office",
                           admin_password=SecretStr("integration-only-password"))
TIMEOUT_S = 30.0


@dataclass
class Office:
    client: httpx.AsyncClient
    app: FastAPI
    kafka: str
    topics: OfficeFeedSettings

    @property
    def context(self) -> WebContext:
        context: WebContext = self.app.state.web
        return context

    async def produce(self, topic: str, values: list[tuple[str, str]]) -> None:
        producer = AIOKafkaProducer(bootstrap_servers=self.kafka, acks="all")
        await producer.start()
        try:
            for key, value in values:
                await producer.send_and_wait(topic, value.encode(), key=key.encode())
        finally:
            await producer.stop()

    async def csrf(self) -> str:
        page = await self.client.get("/schools")
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found is not None
        return found.group(1)


T = TypeVar("T")


async def eventually(read: Callable[[], Awaitable[T]], done: Callable[[T], bool]) -> T:
    deadline = time.monotonic() + TIMEOUT_S
    while not done(value := await read()):
        assert time.monotonic() < deadline, f"still {value!r}"
        await asyncio.sleep(0.3)
    return value


@pytest.fixture
async def office(infra: Endpoints, unique_name: str,
                 web_database: AsyncDatabase[dict[str, Any]]) -> AsyncIterator[Office]:
    """The web app on topics of the test's own, the small school produced, signed in."""
    feed = FeedSettings(consumer_group=f"web-{unique_name}",
                        marks_topic=f"it.rec.marks.{unique_name}",
                        pupils_topic=f"it.rec.pupils.{unique_name}",
                        schools_topic=f"it.rec.schools.{unique_name}",
                        signals_topic=f"it.rec.signals.{unique_name}")
    topics = OfficeFeedSettings(office_consumer_group=f"web-office-{unique_name}",
                                office_records_topic=f"it.rec.office.{unique_name}",
                                comms_events_topic=f"it.rec.events.{unique_name}",
                                comms_commands_topic=f"it.rec.commands.{unique_name}")
    app = create_app(lambda: mongo_and_kafka(
        STAFF, WebSettings(database=web_database.name), MongoSettings(uri=infra.mongodb_uri),
        KafkaSettings(bootstrap_servers=infra.kafka_bootstrap, topic_partitions=2), feed,
        topics))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL_BASE_URL) as client:
            running = Office(client, app, infra.kafka_bootstrap, topics)
            await running.produce(feed.schools_topic, [(URN, json.dumps(
                records.school_settings()))])
            await running.produce(feed.pupils_topic, [
                (f"{URN}:{p['upn']}", json.dumps(p)) for p in records.school_pupils()])
            await sign_in(client)
            await eventually(lambda: client.get(f"/schools/{URN}/pupils/{ADA}"),
                             lambda page: page.status_code == 200)
            yield running


async def sign_in(client: httpx.AsyncClient) -> None:
    form = await client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = await client.post("/sign-in", data={
        "username": "office", "password": "integration-only-password",
        "csrf_token": token.group(1), "next": "/schools"})
    assert answer.status_code == 303


async def call_form(office: Office) -> dict[str, str]:
    page = await office.client.get(f"/schools/{URN}/pupils/{ADA}/records/new",
                                   params={"kind": "call_outcome", "attempt": "first_day",
                                           "day": "2026-09-08"})
    record_id = re.search(r'name="record_id" value="([^"]+)"', page.text)
    assert record_id is not None
    return {"csrf_token": await office.csrf(), "record_id": record_id.group(1),
            "kind": "call_outcome", "school_day": "2026-09-08", "attempt": "first_day",
            "outcome": "reached", "barrier": "medical_appointment",
            "reason_given": "Dentist at nine", "note": ""}


async def test_a_call_outcome_recorded_on_the_form_shows_on_the_pupil_page(
        office: Office) -> None:
    fields = await call_form(office)
    sent = await office.client.post(f"/schools/{URN}/pupils/{ADA}/records/new", data=fields)
    assert sent.status_code == 303
    page = await eventually(lambda: office.client.get(sent.headers["location"]),
                            lambda page: "Dentist at nine" in page.text)
    assert "first day call about 8 Sep: reached" in page.text
    calls = await office.context.activity.calls(URN, date(2026, 9, 8))
    assert [(c.record_id, c.upn, c.outcome) for c in calls] == [
        (fields["record_id"], ADA, "reached")]


async def test_the_same_form_sent_twice_is_stored_once(office: Office) -> None:
    fields = await call_form(office)
    for _ in range(2):
        sent = await office.client.post(f"/schools/{URN}/pupils/{ADA}/records/new",
                                         data=fields)
        assert sent.status_code == 303
    second = {**await call_form(office), "reason_given": "Sent after the double submit"}
    await office.client.post(f"/schools/{URN}/pupils/{ADA}/records/new", data=second)
    log = office.context.office_log
    stored = await eventually(lambda: log.pupil_records(URN, ADA), lambda found: any(
        r.record_id == second["record_id"] for r in found))  # the feed is past both
    assert [r.record_id for r in stored].count(fields["record_id"]) == 1 and len(stored) == 2


async def test_a_form_sent_without_the_csrf_token_is_refused(office: Office) -> None:
    fields = await call_form(office)
    del fields["csrf_token"]
    refused = await office.client.post(f"/schools/{URN}/pupils/{ADA}/records/new",
                                       data=fields)
    assert refused.status_code == 403


async def test_a_higher_delivery_version_replaces_a_lower_and_a_replayed_lower_does_not(
        office: Office) -> None:
    topic = office.topics.comms_events_topic
    await office.produce(topic, [(URN, samples.delivery(version=1, state="sending")
                                  .model_dump_json()),
                                 (URN, samples.delivery(version=2, state="delivered")
                                  .model_dump_json())])
    page = await eventually(lambda: office.client.get(f"/schools/{URN}/outbox?day=2026-09-08"),
                            lambda page: "<td>delivered</td>" in page.text)
    await office.produce(topic, [(URN, samples.delivery(version=1, state="sending")
                                  .model_dump_json()),
                                 (URN, samples.reply().model_dump_json())])
    page = await eventually(lambda: office.client.get(f"/schools/{URN}/outbox?day=2026-09-08"),
                            lambda page: "She is on her way" in page.text)
    assert "<td>delivered</td>" in page.text and "<td>sending</td>" not in page.text


async def test_an_issued_letters_pdf_downloads(office: Office) -> None:
    await office.produce(office.topics.comms_events_topic, [
        (URN, samples.letter(version=1).model_dump_json()),
        (URN, samples.letter(version=2, state="issued", pdf=samples.PDF).model_dump_json())])
    pdf = await eventually(lambda: office.client.get(f"/schools/{URN}/letters/letter-0001.pdf"),
                           lambda answer: answer.status_code == 200)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content == samples.PDF
