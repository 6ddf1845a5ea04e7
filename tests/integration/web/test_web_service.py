"""The web service end to end on real Kafka and FerretDB: messages produced to its topics
show up, with hand-computed figures, in the read API and on the staff pages."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from pymongo.asynchronous.database import AsyncDatabase

from services.web.app import create_app, mongo_and_kafka
from services.web.settings import FeedSettings, StaffLoginSettings
from shared.config import KafkaSettings, MongoSettings, WebSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.tokens import create_token
from tests.unit.web import records
from tests.unit.web.conftest import LOCAL_BASE_URL
from tests.unit.web.records import ADA, BEN, OTHER_URN, URN

pytestmark = pytest.mark.infra
STAFF = StaffLoginSettings(admin_user="office", admin_password="integration-only-password")


@dataclass
class RunningWeb:
    client: httpx.AsyncClient
    feed: FeedSettings
    kafka: str
    database: AsyncDatabase[dict[str, Any]]

    async def produce(self, topic: str, messages: list[dict[str, Any]],
                      key: Callable[[dict[str, Any]], str]) -> None:
        producer = AIOKafkaProducer(bootstrap_servers=self.kafka, acks="all")
        await producer.start()
        try:
            for message in messages:
                await producer.send(topic, json.dumps(message).encode(),
                                    key=key(message).encode())
            await producer.flush()
        finally:
            await producer.stop()

    async def eventually(self, path: str, expected: dict[str, Any], token: str,
                         timeout_s: float = 60.0) -> dict[str, Any]:
        """The API's answer once it shows what is expected (the feed is asynchronous)."""
        deadline = time.monotonic() + timeout_s
        while True:
            answer = await self.client.get(path, headers={"Authorization": f"Bearer {token}"})
            body = answer.json() if answer.status_code == 200 else {"status": answer.status_code}
            if all(body.get(k) == v for k, v in expected.items()):
                return dict(body)
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} shows {body}, expected {expected}")
            await asyncio.sleep(0.3)


def by_pupil(message: dict[str, Any]) -> str:
    return f"{message['school_urn']}:{message['upn']}"


def web_app(infra: Endpoints, feed: FeedSettings, database: str) -> FastAPI:
    return create_app(lambda: mongo_and_kafka(
        STAFF, WebSettings(database=database), MongoSettings(uri=infra.mongodb_uri),
        KafkaSettings(bootstrap_servers=infra.kafka_bootstrap, topic_partitions=2), feed))


@pytest.fixture
async def web(infra: Endpoints, unique_name: str,
              web_database: AsyncDatabase[dict[str, Any]]) -> AsyncIterator[RunningWeb]:
    """The web app with its feed on topics of this test's own, the small school produced."""
    feed = FeedSettings(consumer_group=f"web-{unique_name}",
                        marks_topic=f"it.web.marks.{unique_name}",
                        pupils_topic=f"it.web.pupils.{unique_name}",
                        schools_topic=f"it.web.schools.{unique_name}",
                        signals_topic=f"it.web.signals.{unique_name}")
    app = web_app(infra, feed, web_database.name)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL_BASE_URL) as client:
            running = RunningWeb(client, feed, infra.kafka_bootstrap, web_database)
            await running.produce(feed.schools_topic, [records.school_settings()],
                                  lambda m: m["school_urn"])
            await running.produce(feed.pupils_topic, records.school_pupils(), by_pupil)
            await running.produce(feed.marks_topic, records.school_marks(), by_pupil)
            yield running


@pytest.fixture
async def read_token(web: RunningWeb) -> str:
    return await create_token(web.database, "it-reader", [URN], "read")


async def test_the_api_shows_the_hand_computed_figures_of_the_marks_produced(
        web: RunningWeb, read_token: str) -> None:
    summary = await web.eventually(f"/api/v1/schools/{URN}/summary",
                                   {"possible": 18, "missing": 5}, read_token)
    assert (summary["present"], summary["authorised"], summary["unauthorised"],
            summary["attendance_pct"], summary["pa_count"]) == (14, 1, 3, 77.8, 2)
    ada = await web.eventually(f"/api/v1/schools/{URN}/pupils/{ADA}/attendance",
                               {"possible": 8}, read_token)
    assert (ada["present"], ada["authorised"], ada["attendance_pct"]) == (7, 1, 87.5)
    assert ada["window"] == {"name": "ytd", "start": "2026-09-01", "end": "2026-09-08"}
    assert ada["compulsory_school_age"] is True


async def test_an_amended_mark_moves_a_session_from_unauthorised_to_authorised(
        web: RunningWeb, read_token: str) -> None:
    path = f"/api/v1/schools/{URN}/pupils/{BEN}/attendance"
    await web.eventually(path, {"possible": 7, "unauthorised": 3}, read_token)
    await web.produce(web.feed.marks_topic, [
        records.mark(BEN, "2026-09-03", "AM", "I", "2026-09-03T11:30:00+01:00"),
        records.mark(BEN, "2026-09-03", "AM", "O", "2026-09-03T10:00:00+01:00")], by_pupil)
    ben = await web.eventually(path, {"unauthorised": 2, "authorised": 1}, read_token)
    assert ben["possible"] == 7 and ben["codes"]["I"] == 1 and "N" not in ben["codes"]


async def test_a_read_token_for_one_school_gets_403_for_another(
        web: RunningWeb, read_token: str) -> None:
    await web.produce(web.feed.marks_topic,
                      [records.mark(ADA, "2026-09-02", "AM", "/", urn=OTHER_URN)], by_pupil)
    await web.eventually(f"/api/v1/schools/{URN}/summary", {"possible": 18}, read_token)
    other = await web.client.get(f"/api/v1/schools/{OTHER_URN}/summary",
                                 headers={"Authorization": f"Bearer {read_token}"})
    assert other.status_code == 403 and OTHER_URN in other.json()["detail"]
    schools = await web.client.get("/api/v1/schools",
                                   headers={"Authorization": f"Bearer {read_token}"})
    assert [s["school_urn"] for s in schools.json()["schools"]] == [URN]


async def test_pages_need_sign_in_and_then_show_the_same_figures(
        web: RunningWeb, read_token: str) -> None:
    await web.eventually(f"/api/v1/schools/{URN}/summary", {"possible": 18}, read_token)
    redirected = await web.client.get(f"/schools/{URN}")
    assert redirected.status_code == 303
    assert redirected.headers["location"] == f"/sign-in?next=%2Fschools%2F{URN}"
    form = await web.client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    signed_in = await web.client.post("/sign-in", data={
        "username": "office", "password": "integration-only-password",
        "csrf_token": token.group(1), "next": f"/schools/{URN}"})
    assert signed_in.status_code == 303
    overview = await web.client.get(f"/schools/{URN}")
    assert "Juniper Lane Primary" in overview.text and "77.8%" in overview.text
    pupil = await web.client.get(f"/schools/{URN}/pupils/{ADA}")
    assert "Ada Lovelace" in pupil.text and "87.5%" in pupil.text


async def test_health_is_ok_once_kafka_and_the_store_answer(web: RunningWeb) -> None:
    deadline = time.monotonic() + 30
    while (answer := await web.client.get("/healthz")).status_code != 200:
        assert time.monotonic() < deadline, answer.json()
        await asyncio.sleep(0.3)
    assert answer.json() == {"status": "ok"}


async def test_replaying_every_topic_from_the_beginning_changes_no_figure(
        infra: Endpoints, web: RunningWeb, read_token: str) -> None:
    path = f"/api/v1/schools/{URN}/summary"
    before = await web.eventually(path, {"possible": 18, "missing": 5}, read_token)
    version_before = await school_version(web.database)
    replay = FeedSettings(**{**web.feed.model_dump(),
                             "consumer_group": web.feed.consumer_group + "-replay"})
    app = web_app(infra, replay, web.database.name)
    transport = httpx.ASGITransport(app=app)
    async with (app.router.lifespan_context(app),
                httpx.AsyncClient(transport=transport, base_url=LOCAL_BASE_URL) as client):
        replayed = RunningWeb(client, replay, web.kafka, web.database)
        deadline = time.monotonic() + 30
        while await school_version(web.database) <= version_before:  # replay stored
            assert time.monotonic() < deadline, "the replaying feed stored nothing"
            await asyncio.sleep(0.3)
        after = await replayed.eventually(path, {"possible": 18}, read_token)
    assert {k: v for k, v in after.items() if k != "as_of"} == \
        {k: v for k, v in before.items() if k != "as_of"}


async def school_version(database: AsyncDatabase[dict[str, Any]]) -> int:
    doc = await database["schools"].find_one({"_id": URN})
    return int((doc or {}).get("version", 0))
