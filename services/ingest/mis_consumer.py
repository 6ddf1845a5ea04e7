"""Kafka intake: raw marks from `mis.marks.v1`, taken exactly like HTTP marks.

Offsets are committed only after the accepted marks and the rejects of a batch were
acknowledged by the broker, so a crash re-reads instead of losing (a re-read mark is
harmless: an equal recorded_at is a no-op downstream). A message that is not JSON, not
an object or not a valid mark becomes a reject with its topic, partition and offset;
it never stops the stream. An accepted mark with an unknown field is published with a
warning on the warnings topic, naming its topic, partition and offset.
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError

from services.ingest.bodies import strict_json
from services.ingest.intake import Batch, IntakeDeps, take_marks
from services.ingest.ports import UnavailableError
from services.ingest.validation import Received
from shared.config import KafkaSettings
from shared.kernel import FieldError

log = logging.getLogger(__name__)
FROM_KAFKA = Batch(source="kafka", integration=None, allowed_schools=None)
RETRY_SECONDS = 2.0
Messages = dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]


def received_from(message: ConsumerRecord[bytes, bytes]) -> Received:
    """A raw Kafka message as a received record; unreadable ones carry their problem."""
    position = {"topic": message.topic, "partition": message.partition,
                "offset": message.offset}
    if message.value is None:
        return Received(None, position, (FieldError("record", (
            "the message is empty; produce one canonical mark as a JSON object")),))
    text = message.value.decode("utf-8", errors="replace")
    try:
        return Received(strict_json(text), position)
    except (ValueError, RecursionError) as error:
        return Received(text, position, (FieldError("record", (
            f"the message is not JSON ({error}); produce one canonical mark as a JSON "
            "object")),))


class MisMarksConsumer:
    """Consumes the MIS topic until cancelled, restarting after broker outages."""

    def __init__(self, deps: IntakeDeps, kafka: KafkaSettings, group: str,
                 batch_size: int = 1000) -> None:
        self._deps = deps
        self._kafka = kafka
        self._group = group
        self._batch_size = batch_size

    async def run(self) -> None:
        while True:
            try:
                await self._consume()
            except (KafkaError, UnavailableError, OSError) as error:
                log.warning("MIS marks consumer restarting after: %s", error)
                await asyncio.sleep(RETRY_SECONDS)

    async def _consume(self) -> None:
        consumer = AIOKafkaConsumer(
            self._deps.topics.mis_marks, bootstrap_servers=self._kafka.bootstrap_servers,
            group_id=self._group, client_id="attendance-ingest", enable_auto_commit=False,
            auto_offset_reset="earliest")
        await consumer.start()
        try:
            while True:
                messages = await consumer.getmany(timeout_ms=500, max_records=self._batch_size)
                if messages:
                    await self._take(consumer, messages)
        finally:
            await consumer.stop()

    async def _take(self, consumer: AIOKafkaConsumer, messages: Messages) -> None:
        received = [received_from(m) for batch in messages.values() for m in batch]
        try:
            outcome = await take_marks(received, FROM_KAFKA, self._deps)
        except UnavailableError as error:
            log.warning("MIS marks will be re-read: %s", error)
            for partition, batch in messages.items():
                consumer.seek(partition, batch[0].offset)
            await asyncio.sleep(RETRY_SECONDS)
            return
        try:
            await consumer.commit({p: batch[-1].offset + 1 for p, batch in messages.items()})
        except CommitFailedError as error:  # partitions moved: the new owner re-reads
            log.info("MIS marks offsets not committed (rebalance): %s", error)
        # Counts only: the reasons are on the rejects and warnings topics, which may name
        # fields a sender chose, so they stay out of the log.
        log.info("MIS marks: %d accepted (%d with warnings), %d refused", outcome.accepted,
                 len(outcome.warnings), len(outcome.refusals))
