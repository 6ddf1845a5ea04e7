"""The MIS-topic consumer reads any message safely and commits only what was published."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from aiokafka import ConsumerRecord, TopicPartition

from services.ingest.intake import IntakeDeps
from services.ingest.memory import MemoryCalendars, MemoryPublisher, MemoryRoster
from services.ingest.mis_consumer import MisMarksConsumer, received_from
from services.ingest.settings import IntakeTopics
from shared.config import KafkaSettings
from tests.unit.ingest.records import mark

PARTITION = TopicPartition("mis.marks.v1", 0)


def _message(offset: int, value: bytes | None) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(topic="mis.marks.v1", partition=0, offset=offset, timestamp=0,
                          timestamp_type=0, key=None, value=value, checksum=None,
                          serialized_key_size=0, serialized_value_size=0, headers=())


class RecordingConsumer:
    """Stands in for the Kafka consumer: records seeks and commits."""

    def __init__(self) -> None:
        self.seeks: list[tuple[TopicPartition, int]] = []
        self.commits: list[dict[TopicPartition, int]] = []

    def seek(self, partition: TopicPartition, offset: int) -> None:
        self.seeks.append((partition, offset))

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(offsets)


def _consumer(publisher: MemoryPublisher) -> MisMarksConsumer:
    deps = IntakeDeps(publisher, MemoryRoster(), MemoryCalendars(),
                      lambda: datetime(2026, 9, 7, tzinfo=UTC), IntakeTopics())
    return MisMarksConsumer(deps, KafkaSettings(), "ingest")


def test_a_message_that_is_not_json_is_kept_as_text_with_its_position() -> None:
    received = received_from(_message(7, b"school_urn=100001"))
    assert received.record == "school_urn=100001"
    assert received.position == {"topic": "mis.marks.v1", "partition": 0, "offset": 7}
    assert "not JSON" in received.errors[0].message


def test_nan_and_deeply_nested_json_are_refused_as_not_json() -> None:
    assert received_from(_message(0, b'{"minutes_late": NaN}')).errors
    assert received_from(_message(1, b"[" * 100_000)).errors


def test_an_empty_message_is_refused() -> None:
    assert "empty" in received_from(_message(0, None)).errors[0].message


async def test_a_taken_batch_is_committed_after_its_marks_and_rejects_are_published() -> None:
    publisher = MemoryPublisher()
    consumer = RecordingConsumer()
    batch = {PARTITION: [_message(10, json.dumps(mark()).encode()), _message(11, b"{")]}
    await _consumer(publisher)._take(consumer, batch)
    assert [m.topic for m in publisher.messages] == ["attendance.marks.v1",
                                                     "attendance.rejects.v1"]
    assert consumer.commits == [{PARTITION: 12}]


async def test_a_batch_the_broker_did_not_acknowledge_is_read_again_not_committed(
        monkeypatch: Any) -> None:
    monkeypatch.setattr("services.ingest.mis_consumer.RETRY_SECONDS", 0)
    publisher = MemoryPublisher()
    publisher.fail_next = True
    consumer = RecordingConsumer()
    batch = {PARTITION: [_message(10, json.dumps(mark()).encode())]}
    await _consumer(publisher)._take(consumer, batch)
    assert consumer.commits == [] and consumer.seeks == [(PARTITION, 10)]
