"""Raw marks on the MIS topic are taken like HTTP marks; poison never stops the stream."""

from __future__ import annotations

import json
import time

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from tests.integration.ingest.conftest import LiveIntake, Message
from tests.unit.ingest.records import SCHOOL_A, make_upn, mark

pytestmark = pytest.mark.infra


def _produce(live_intake: LiveIntake, values: list[bytes | None], key: bytes) -> None:
    producer = KafkaProducer(bootstrap_servers=live_intake.kafka.bootstrap_servers, acks="all")
    try:
        for value in values:
            producer.send(live_intake.settings.mis_marks_topic, key=key, value=value)
        producer.flush(timeout=10)
    finally:
        producer.close()


def _json(record: object) -> bytes:
    return json.dumps(record).encode()


def test_poison_messages_become_rejects_and_the_marks_around_them_go_through(
        live_intake: LiveIntake) -> None:
    upn = make_upn(201)
    key = f"{SCHOOL_A}:{upn}".encode()
    _produce(live_intake, [
        _json(mark(upn=upn, date="2026-09-01")),
        b"{not json",
        b"\xff\xfe\x00binary",
        _json([1, 2, 3]),
        _json(mark(upn=upn, session=7, date=20260902, comment="wrong-types")),
        _json(mark(upn=upn, code="Q9", comment="unknown-code")),
        _json(mark(upn="A330123426001", comment="invalid-upn")),
        b"[" * 100_000,
        None,
        _json(mark(upn=upn, date="2026-09-04")),
    ], key)

    marks = live_intake.read(live_intake.settings.marks_topic,
                             lambda found: len(_keyed(found, key.decode())) >= 2)
    assert [m.value["date"] for m in _keyed(marks, key.decode())] == ["2026-09-01", "2026-09-04"]
    assert all(m.value["source"] == "kafka" for m in _keyed(marks, key.decode()))

    rejects = live_intake.read(live_intake.settings.rejects_topic,
                               lambda found: len(_from_mis(found, live_intake)) >= 8)
    mine = _from_mis(rejects, live_intake)
    assert [r.value["position"]["offset"] for r in mine] == [1, 2, 3, 4, 5, 6, 7, 8]
    by_offset = {r.value["position"]["offset"]: r.value for r in mine}
    assert by_offset[1]["record"] == "{not json"
    assert "not JSON" in by_offset[1]["errors"][0]["message"]
    assert "JSON object" in by_offset[3]["errors"][0]["message"]
    assert {e["field"] for e in by_offset[4]["errors"]} == {"session", "date"}
    assert by_offset[5]["errors"][0]["field"] == "code"
    assert by_offset[6]["errors"][0]["field"] == "upn"
    assert by_offset[8]["record"] is None
    assert all(r.value["source"] == "kafka" and r.value["integration"] is None for r in mine)


def test_the_consumer_group_commits_every_offset_it_has_taken(live_intake: LiveIntake) -> None:
    upn = make_upn(202)
    key = f"{SCHOOL_A}:{upn}".encode()
    _produce(live_intake, [_json(mark(upn=upn, date="2026-09-07"))], key)
    live_intake.read(live_intake.settings.marks_topic,
                     lambda found: bool(_keyed(found, key.decode())))
    topic = live_intake.settings.mis_marks_topic
    reader = KafkaConsumer(bootstrap_servers=live_intake.kafka.bootstrap_servers,
                           group_id=live_intake.settings.consumer_group,
                           enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, p) for p in reader.partitions_for_topic(topic)]
        ends = reader.end_offsets(partitions)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            committed = {p: reader.committed(p) or 0 for p in partitions}
            if committed == ends:
                break
            time.sleep(0.2)
    finally:
        reader.close()
    assert committed == ends


def _keyed(messages: list[Message], key: str) -> list[Message]:
    return [m for m in messages if m.key == key]


def _from_mis(messages: list[Message], live_intake: LiveIntake) -> list[Message]:
    topic = live_intake.settings.mis_marks_topic
    found = [m for m in messages if isinstance(m.value, dict)
             and m.value.get("position", {}).get("topic") == topic]
    return sorted(found, key=lambda m: m.value["position"]["offset"])
