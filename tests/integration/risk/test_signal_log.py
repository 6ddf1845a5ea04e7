"""Reading back the signals topic: what makes re-publishing a crashed worker's outbox exact."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from kafka import KafkaProducer

from services.risk.kafka_signals import KafkaSignalLog
from shared.config import KafkaSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.topics import ensure_topics

pytestmark = pytest.mark.infra


async def test_the_log_finds_the_ids_published_since_a_moment_and_no_others(
        infra: Endpoints, unique_name: str) -> None:
    topic = f"risk-log-{unique_name}.signals"
    ensure_topics([topic], KafkaSettings(bootstrap_servers=infra.kafka_bootstrap,
                                         topic_partitions=3))
    producer = KafkaProducer(bootstrap_servers=infra.kafka_bootstrap)
    old_moment = int((time.time() - 3600) * 1000)
    producer.send(topic, key=b"old", value=json.dumps({"signal_id": "old"}).encode(),
                  timestamp_ms=old_moment)
    for n in range(20):
        producer.send(topic, key=f"pupil{n}".encode(),
                      value=json.dumps({"signal_id": f"id{n}"}).encode())
    producer.send(topic, key=b"junk", value=b"not json")
    producer.flush()
    producer.close()
    log = KafkaSignalLog(infra.kafka_bootstrap, topic)
    since = datetime.now(UTC) - timedelta(minutes=5)
    wanted = {"old", "id3", "id17", "never"}
    assert await log.published_ids(since, wanted) == {"id3", "id17"}
