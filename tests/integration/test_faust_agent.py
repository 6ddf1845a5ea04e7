"""A faust agent against the real broker: marks in, signals out, resumed after a restart.

The app runs in-process (`app.start()` / `app.stop()`), as a service's worker does,
with the in-memory table store and no web server. Topics are created before the app
subscribes, as services do with ensure_topics: a consumer that subscribes to a topic
not yet in the cluster's metadata would wait minutes for the next metadata refresh.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import faust
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.config import KafkaSettings
from shared.contracts.topics import pupil_key
from shared.infra.localstack.stack import Endpoints
from shared.infra.topics import ensure_topics

pytestmark = pytest.mark.infra

SCHOOL = "100001"
UPNS = ("K820123456001", "K820123456002")
START_STOP_BUDGET_S = 20.0


def build_app(app_id: str, bootstrap: str, marks_topic: str, signals_topic: str) -> faust.App:
    """A one-agent app: every mark coded N (reason not yet known) raises a signal."""
    app = faust.App(app_id, broker=f"kafka://{bootstrap}", store="memory://",
                    web_enabled=False, topic_partitions=2, topic_replication_factor=1)
    marks = app.topic(marks_topic, key_serializer="raw", value_serializer="json")
    signals = app.topic(signals_topic, key_serializer="raw", value_serializer="json")

    @app.agent(marks)
    async def flag_unexplained_absence(stream: faust.StreamT[Any]) -> None:
        async for event in stream.events():
            mark = event.value
            if mark["code"] == "N":
                await signals.send(key=event.key, value={
                    "kind": "absent_without_reason_today", "upn": mark["upn"],
                    "occurred_on": mark["date"], "session": mark["session"]})

    return app


@asynccontextmanager
async def running(app: faust.App) -> AsyncIterator[faust.App]:
    """Run the app's worker in this event loop, always stopping it within the budget."""
    async with asyncio.timeout(START_STOP_BUDGET_S):
        await app.start()
    try:
        yield app
    finally:
        async with asyncio.timeout(START_STOP_BUDGET_S):
            await app.stop()


async def send_marks(bootstrap: str, topic: str, marks: list[dict[str, Any]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for mark in marks:
            key = pupil_key(mark["school_urn"], mark["upn"]).encode()
            await producer.send_and_wait(topic, key=key, value=json.dumps(mark).encode())
    finally:
        await producer.stop()


async def read_signals(consumer: AIOKafkaConsumer, wanted: int) -> list[tuple[str, Any]]:
    """(key, value) of the next `wanted` signals, never more; fails after 10 s."""
    found: list[tuple[str, Any]] = []
    async with asyncio.timeout(10):
        while len(found) < wanted:
            batches = await consumer.getmany(timeout_ms=250, max_records=wanted - len(found))
            found += [(r.key.decode(), json.loads(r.value)) for records in batches.values()
                      for r in records if r.key is not None and r.value is not None]
    return found


def mark(upn: str, date: str, code: str) -> dict[str, Any]:
    return {"school_urn": SCHOOL, "upn": upn, "date": date, "session": "AM", "code": code}


@pytest.fixture
async def topics(infra: Endpoints, unique_name: str) -> AsyncIterator[tuple[str, str]]:
    marks_topic, signals_topic = f"it.faust.marks.{unique_name}", f"it.faust.signals.{unique_name}"
    ensure_topics([marks_topic, signals_topic],
                  KafkaSettings(bootstrap_servers=infra.kafka_bootstrap, topic_partitions=2))
    yield marks_topic, signals_topic


@pytest.fixture
async def signals_reader(
    infra: Endpoints, topics: tuple[str, str]
) -> AsyncIterator[AIOKafkaConsumer]:
    consumer = AIOKafkaConsumer(topics[1], bootstrap_servers=infra.kafka_bootstrap,
                                auto_offset_reset="earliest")
    await consumer.start()
    yield consumer
    await consumer.stop()


async def test_the_agent_turns_unexplained_absences_into_signals_keyed_by_pupil(
    infra: Endpoints, unique_name: str, topics: tuple[str, str],
    signals_reader: AIOKafkaConsumer,
) -> None:
    app = build_app(f"it-faust-{unique_name}", infra.kafka_bootstrap, *topics)
    async with running(app):
        await send_marks(infra.kafka_bootstrap, topics[0], [
            mark(UPNS[0], "2026-01-12", "/"), mark(UPNS[1], "2026-01-12", "N"),
            mark(UPNS[0], "2026-01-13", "N"),
        ])
        signals = await read_signals(signals_reader, wanted=2)

    assert sorted(signals) == sorted([
        (pupil_key(SCHOOL, UPNS[1]), {"kind": "absent_without_reason_today", "upn": UPNS[1],
                                      "occurred_on": "2026-01-12", "session": "AM"}),
        (pupil_key(SCHOOL, UPNS[0]), {"kind": "absent_without_reason_today", "upn": UPNS[0],
                                      "occurred_on": "2026-01-13", "session": "AM"}),
    ])


async def test_a_restarted_worker_resumes_after_what_it_already_processed(
    infra: Endpoints, unique_name: str, topics: tuple[str, str],
    signals_reader: AIOKafkaConsumer,
) -> None:
    app_id = f"it-faust-{unique_name}"
    async with running(build_app(app_id, infra.kafka_bootstrap, *topics)):
        await send_marks(infra.kafka_bootstrap, topics[0], [mark(UPNS[0], "2026-01-12", "N")])
        before_restart = await read_signals(signals_reader, wanted=1)

    async with running(build_app(app_id, infra.kafka_bootstrap, *topics)):
        await send_marks(infra.kafka_bootstrap, topics[0], [mark(UPNS[0], "2026-01-14", "N")])
        # A reprocessed 12 January mark would come first: same pupil, same partition.
        after_restart = await read_signals(signals_reader, wanted=1)

    assert [signal["occurred_on"] for _, signal in before_restart] == ["2026-01-12"]
    assert [signal["occurred_on"] for _, signal in after_restart] == ["2026-01-14"]
