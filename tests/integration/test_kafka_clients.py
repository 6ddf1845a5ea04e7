"""Both Kafka clients of the product against the real broker.

kafka-python serves the admin and command-line tools; aiokafka is the client under
faust and the async services. For each: a pupil's marks stay on one partition in the
order sent, and a consumer group resumes from the offset it committed, so a message
read but not committed is delivered again (the at-least-once half of "no mark lost").
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import TopicPartition as AioTopicPartition
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from shared.config import KafkaSettings
from shared.contracts.topics import pupil_key
from shared.infra.localstack.stack import Endpoints
from shared.infra.topics import ensure_topics

pytestmark = pytest.mark.infra

SCHOOL = "100001"
PUPILS = ("K820123456001", "K820123456002", "K820123456003")
POLL_BUDGET = 40  # polls of 250 ms: a generous 10 s before a test gives up


def create_topic(infra: Endpoints, name: str, partitions: int) -> str:
    settings = KafkaSettings(bootstrap_servers=infra.kafka_bootstrap, topic_partitions=partitions)
    ensure_topics([name], settings)
    return name


def mark(upn: str, seq: int) -> dict[str, Any]:
    return {"school_urn": SCHOOL, "upn": upn, "date": "2026-01-12", "session": "AM",
            "code": "/", "seq": seq}


def encode(value: dict[str, Any]) -> bytes:
    return json.dumps(value).encode()


def read(consumer: KafkaConsumer, wanted: int) -> list[dict[str, Any]]:
    """Poll until `wanted` records arrived (never more), or the budget runs out."""
    values: list[dict[str, Any]] = []
    for _ in range(POLL_BUDGET):
        if len(values) >= wanted:
            break
        batches = consumer.poll(timeout_ms=250, max_records=wanted - len(values))
        values += [json.loads(r.value) for records in batches.values() for r in records]
    return values


def test_a_pupils_marks_land_on_one_partition_in_the_order_sent(
    infra: Endpoints, unique_name: str
) -> None:
    topic = create_topic(infra, f"it.kp.keyed.{unique_name}", partitions=4)
    producer = KafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    partitions: dict[str, set[int]] = {upn: set() for upn in PUPILS}
    for seq in range(5):
        for upn in PUPILS:
            sent = producer.send(topic, key=pupil_key(SCHOOL, upn).encode(),
                                 value=encode(mark(upn, seq)))
            partitions[upn].add(sent.get(timeout=10).partition)
    producer.close()

    consumer = KafkaConsumer(bootstrap_servers=infra.kafka_bootstrap)
    consumer.assign([TopicPartition(topic, p) for p in range(4)])
    consumer.seek_to_beginning()
    received = read(consumer, wanted=15)
    consumer.close()

    assert all(len(found) == 1 for found in partitions.values())
    for upn in PUPILS:
        assert [m["seq"] for m in received if m["upn"] == upn] == [0, 1, 2, 3, 4]


def test_a_consumer_group_resumes_after_its_committed_offset(
    infra: Endpoints, unique_name: str
) -> None:
    topic = create_topic(infra, f"it.kp.resume.{unique_name}", partitions=1)
    producer = KafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    for seq in range(6):
        producer.send(topic, key=b"k", value=encode(mark(PUPILS[0], seq)))
    producer.flush()
    producer.close()

    def group_member() -> KafkaConsumer:
        consumer = KafkaConsumer(topic, bootstrap_servers=infra.kafka_bootstrap,
                                 group_id=f"it-kp-{unique_name}", enable_auto_commit=False,
                                 auto_offset_reset="earliest")
        return consumer

    first = group_member()
    first_seen = [m["seq"] for m in read(first, wanted=3)]
    first.commit()
    first.close()
    second = group_member()
    second_seen = [m["seq"] for m in read(second, wanted=3)]
    committed = second.committed(TopicPartition(topic, 0))
    second.close()

    assert first_seen == [0, 1, 2]
    assert second_seen == [3, 4, 5]
    assert committed == 3


async def test_aiokafka_keeps_a_pupils_marks_on_one_partition_in_order(
    infra: Endpoints, unique_name: str
) -> None:
    topic = create_topic(infra, f"it.aio.keyed.{unique_name}", partitions=4)
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    partitions: dict[str, set[int]] = {upn: set() for upn in PUPILS}
    try:
        for seq in range(5):
            for upn in PUPILS:
                sent = await producer.send_and_wait(
                    topic, key=pupil_key(SCHOOL, upn).encode(), value=encode(mark(upn, seq)))
                partitions[upn].add(sent.partition)
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(bootstrap_servers=infra.kafka_bootstrap,
                                auto_offset_reset="earliest")
    await consumer.start()
    consumer.assign([AioTopicPartition(topic, p) for p in range(4)])
    received = await aio_read(consumer, wanted=15)
    await consumer.stop()

    assert all(len(found) == 1 for found in partitions.values())
    for upn in PUPILS:
        assert [m["seq"] for m in received if m["upn"] == upn] == [0, 1, 2, 3, 4]


async def test_aiokafka_redelivers_what_was_read_but_not_committed(
    infra: Endpoints, unique_name: str
) -> None:
    topic = create_topic(infra, f"it.aio.commit.{unique_name}", partitions=1)
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for seq in range(6):
            await producer.send_and_wait(topic, key=b"k", value=encode(mark(PUPILS[0], seq)))
    finally:
        await producer.stop()

    def group_member() -> AIOKafkaConsumer:
        return AIOKafkaConsumer(topic, bootstrap_servers=infra.kafka_bootstrap,
                                group_id=f"it-aio-{unique_name}", enable_auto_commit=False,
                                auto_offset_reset="earliest")

    first = group_member()
    await first.start()
    first_seen = [m["seq"] for m in await aio_read(first, wanted=4)]
    # The effect of the first two is stored; the next two were read when the worker died.
    await first.commit({AioTopicPartition(topic, 0): 2})
    await first.stop()
    second = group_member()
    await second.start()
    second_seen = [m["seq"] for m in await aio_read(second, wanted=4)]
    await second.stop()

    assert first_seen == [0, 1, 2, 3]
    assert second_seen == [2, 3, 4, 5]


async def aio_read(consumer: AIOKafkaConsumer, wanted: int) -> list[dict[str, Any]]:
    """Fetch until `wanted` records arrived (never more), or the budget runs out."""
    values: list[dict[str, Any]] = []
    for _ in range(POLL_BUDGET):
        if len(values) >= wanted:
            break
        batches = await consumer.getmany(timeout_ms=250, max_records=wanted - len(values))
        values += [json.loads(r.value) for records in batches.values() for r in records
                   if r.value is not None]
    return values
