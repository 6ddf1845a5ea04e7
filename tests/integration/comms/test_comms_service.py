"""The comms service on the real broker and store: topics in, texts and letters out.

Each test has its own topics, consumer group and database; the clock is simulated.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from services.comms.app import CommsService
from services.comms.clock import SimulatedClock
from services.comms.letters import LetterKind, LetterState
from services.comms.mongo_letters import MongoLetters
from services.comms.runtime import running_service
from services.comms.settings import CommsSettings
from shared.config import KafkaSettings, MongoSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.mongo import create_client
from tests.unit.comms.builders import DAD, DAY, MUM, MUM_E164, SCHOOL, UPN_AMY, london

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
                "signals": s.signals_topic}

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
        dispatch_every_seconds=0.2)
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


async def test_a_u_mark_reaches_the_outbox_once_even_when_the_signals_are_replayed(
        live: Live) -> None:
    await live.produce("schools", SCHOOL, SCHOOL_SETTINGS)
    await live.produce("pupils", f"{SCHOOL}:{UPN_AMY}", AMY)
    await live.produce("marks", f"{SCHOOL}:{UPN_AMY}", U_MARK)
    await live.produce("signals", f"{SCHOOL}:{UPN_AMY}",
                       signal("unauthorised_late_today", "sig-u"))
    async with live.service() as service:
        assert await service.health()

        async def recorded() -> bool:
            return len(await live.collection("deliveries")) == 1
        await eventually(recorded)
        assert await live.collection("outbox") == []
        live.clock.set(london(DAY, 15, 30))

        async def in_outbox() -> bool:
            return len(await live.collection("outbox")) == 1
        await eventually(in_outbox)
    # The whole history again, from the beginning, under a new consumer group.
    await live.produce("signals", f"{SCHOOL}:{UPN_AMY}",
                       signal("unauthorised_late_today", "sig-u"))
    async with live.service(group=live.settings.consumer_group + "-replay"):
        await asyncio.sleep(3)
    [text] = await live.collection("outbox")
    assert text["to"] == MUM_E164  # the father is do-not-contact
    assert text["body"].startswith("Looking forward to seeing Amy on time tomorrow!")
    [delivery] = await live.collection("deliveries")
    assert delivery["state"] == "sent"


async def test_falling_below_95_drafts_a_head_teacher_letter_past_unreadable_messages(
        live: Live) -> None:
    await live.produce("schools", SCHOOL, SCHOOL_SETTINGS)
    await live.produce("pupils", f"{SCHOOL}:{UPN_AMY}", AMY)
    detail = {"attendance_pct": 94.4, "authorised": 8, "unauthorised": 2,
              "threshold_pct": 95}
    # Unreadable messages before it are skipped; they never stop the stream.
    await live.produce("signals", f"{SCHOOL}:{UPN_AMY}", b"not json", {"kind": "oops"},
                       signal("attendance_below_95", "sig-95", detail))
    async with live.service():
        async def drafted() -> bool:
            return len(await live.collection("letters")) == 1
        await eventually(drafted)
    client = create_client(live.mongo)
    try:
        [letter] = await MongoLetters(client[live.settings.database]).for_school(SCHOOL)
    finally:
        await client.close()
    assert letter.kind is LetterKind.HEAD_TEACHER and letter.state is LetterState.DRAFT
    assert letter.context["lessons_sentence"] == \
        "5 days missed = 5 English lessons and 5 maths lessons"
    assert letter.created_at.astimezone(UTC) == datetime(2026, 9, 8, 8, 35, tzinfo=UTC)
