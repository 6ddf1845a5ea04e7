"""Marks keep Kafka's standard key partitioning, so every client agrees on a pupil's
partition."""

from aiokafka.partitioner import DefaultPartitioner

from services.ingest.kafka_publisher import KeyHashCache
from tests.unit.ingest.records import SCHOOL_A, make_upn


def test_a_pupil_s_key_lands_where_the_standard_partitioner_puts_it() -> None:
    cached, standard = KeyHashCache(), DefaultPartitioner()
    partitions = list(range(8))
    for serial in range(200):
        key = f"{SCHOOL_A}:{make_upn(serial)}".encode()
        assert cached(key, partitions, partitions) == standard(key, partitions, partitions)
        assert cached(key, partitions, partitions) == standard(key, partitions, partitions)


def test_a_message_without_a_key_goes_to_an_available_partition() -> None:
    assert KeyHashCache()(None, [0, 1, 2], [2]) == 2
