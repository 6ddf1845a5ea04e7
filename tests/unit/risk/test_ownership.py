"""A worker owns the pupils whose key the producers' partitioner puts on its partitions."""

from __future__ import annotations

from aiokafka.partitioner import DefaultPartitioner

from services.risk.ownership import partition_of
from tests.unit.risk.builders import SCHOOL, make_upn


def test_a_pupils_partition_is_the_one_the_producers_default_partitioner_chooses() -> None:
    partitioner = DefaultPartitioner()
    for serial in range(1, 60):
        key = f"{SCHOOL}:{make_upn(serial)}"
        for partitions in (1, 4, 8):
            every = list(range(partitions))
            assert partition_of(key, partitions) == partitioner(key.encode(), every, every)
