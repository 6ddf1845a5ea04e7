"""The benchmark's finish line: a consumer group's lag on a topic, read from Kafka."""

from __future__ import annotations

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

from shared.bench.lag import group_lag
from shared.config import KafkaSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.topics import ensure_topics


def test_a_group_that_committed_one_of_three_marks_is_two_behind(infra: Endpoints,
                                                                 unique_name: str) -> None:
    topic, group = f"bench.lag.{unique_name}", f"bench-lag-{unique_name}"
    ensure_topics([topic], KafkaSettings(bootstrap_servers=infra.kafka_bootstrap,
                                         topic_partitions=1))
    producer = KafkaProducer(bootstrap_servers=infra.kafka_bootstrap)
    for n in range(3):
        producer.send(topic, f"mark {n}".encode())
    producer.flush()
    producer.close()
    assert group_lag(infra.kafka_bootstrap, group, topic) == 3

    consumer = KafkaConsumer(bootstrap_servers=infra.kafka_bootstrap, group_id=group,
                             enable_auto_commit=False)
    consumer.commit({TopicPartition(topic, 0): OffsetAndMetadata(1, "", -1)})
    consumer.close()
    assert group_lag(infra.kafka_bootstrap, group, topic) == 2
