"""Consumes school settings, the roster, marks, office records, signals and staff
commands (consumer group "comms").

Offsets are committed only after a batch's effects are stored, so a crash re-reads
instead of losing; a re-read is harmless (deterministic ids, latest-wins copies). Within
a batch, settings and roster go before marks and signals, so a signal finds its pupil.
A message that cannot be read is logged with its position (never its content) and
skipped: it never stops the stream.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from aiokafka.errors import KafkaError
from pydantic import ValidationError
from pymongo.errors import PyMongoError

from services.comms.commands import CommandDeps, on_command
from services.comms.handlers import SignalDeps, on_signal
from services.comms.mongo_day_marks import MongoDayMarks
from services.comms.mongo_stores import MongoDirectory
from services.comms.office import OfficeDeps, on_office_record
from services.comms.ports import Clock
from shared.config import KafkaSettings
from shared.contracts.pupils_v1 import PupilMessageV1
from shared.contracts.schools_v1 import SchoolSettingsMessageV1
from shared.kernel import MarkError, parse_mark

log = logging.getLogger(__name__)
METADATA_MAX_AGE_MS = 5_000
RETRY_SECONDS = 2.0
# Records per poll: a backfill's marks are saved a poll at a time.
POLL_RECORDS = 2000


@dataclass(frozen=True)
class CommsTopics:
    schools: str
    pupils: str
    marks: str
    signals: str
    office: str
    commands: str

    def in_order(self) -> tuple[str, ...]:
        return (self.schools, self.pupils, self.marks, self.office, self.signals,
                self.commands)


@dataclass(frozen=True)
class ConsumerDeps:
    signals: SignalDeps
    directory: MongoDirectory
    day_marks: MongoDayMarks
    office: OfficeDeps
    commands: CommandDeps
    clock: Clock


class CommsConsumer:
    """Runs until cancelled, restarting after broker or store outages."""

    def __init__(self, deps: ConsumerDeps, topics: CommsTopics, kafka: KafkaSettings,
                 group: str) -> None:
        self._deps, self._topics, self._kafka, self._group = deps, topics, kafka, group

    async def run(self) -> None:
        while True:
            try:
                await self._consume()
            except (KafkaError, PyMongoError, OSError) as error:
                log.warning("comms consumer restarting after: %s", type(error).__name__)
                await asyncio.sleep(RETRY_SECONDS)

    async def _consume(self) -> None:
        # A topic the broker has not yet shown when the consumer subscribes is picked up
        # at the next metadata refresh: every 5 s, not aiokafka's default of 5 minutes.
        consumer = AIOKafkaConsumer(
            *self._topics.in_order(), bootstrap_servers=self._kafka.bootstrap_servers,
            group_id=self._group, client_id="attendance-comms", enable_auto_commit=False,
            auto_offset_reset="earliest", metadata_max_age_ms=METADATA_MAX_AGE_MS)
        await consumer.start()
        try:
            while True:
                batches = await consumer.getmany(timeout_ms=500, max_records=POLL_RECORDS)
                records = [r for batch in batches.values() for r in batch]
                order = self._topics.in_order()
                in_order = sorted(records, key=lambda r: order.index(r.topic))
                await self._save_marks([r for r in in_order if r.topic == self._topics.marks])
                for record in in_order:
                    if record.topic != self._topics.marks:
                        await self.handle(record)
                if records:
                    await consumer.commit()
        finally:
            await consumer.stop()

    async def _save_marks(self, records: list[ConsumerRecord[bytes, bytes]]) -> None:
        """A poll's marks in one go: they only feed the day codes the rules look up."""
        marks = []
        for record in records:
            try:
                marks.append(parse_mark(json.loads(record.value or b"")))
            except (ValueError, KeyError, TypeError, MarkError) as error:
                log.warning("skipped unreadable message at %s/%d/%d: %s", record.topic,
                            record.partition, record.offset, type(error).__name__)
        await self._deps.day_marks.save_marks(marks)

    async def handle(self, record: ConsumerRecord[bytes, bytes]) -> str:
        """Take one message; a poison message is logged by position and skipped."""
        try:
            value = json.loads(record.value or b"")
            if not isinstance(value, dict):
                raise ValueError("not a JSON object")
            return await self._take(record.topic, value)
        except (ValueError, KeyError, TypeError, ValidationError, MarkError) as error:
            log.warning("skipped unreadable message at %s/%d/%d: %s", record.topic,
                        record.partition, record.offset, type(error).__name__)
            return "skipped"

    async def _take(self, topic: str, value: dict[str, Any]) -> str:
        deps = self._deps
        if topic == self._topics.schools:
            school = SchoolSettingsMessageV1.model_validate(value)
            await deps.directory.save_school(school.model_dump(mode="json"))
            return "school_saved"
        if topic == self._topics.pupils:
            pupil = PupilMessageV1.model_validate(value)
            await deps.directory.save_pupil(pupil.model_dump(mode="json"))
            return "pupil_saved"
        if topic == self._topics.marks:
            mark = parse_mark(value)
            await deps.day_marks.save_mark(mark.school_urn, mark.upn, mark.date, mark.session,
                                           mark.code, mark.recorded_at)
            return "mark_saved"
        if topic == self._topics.office:
            return await on_office_record(deps.office, value, deps.clock())
        if topic == self._topics.commands:
            return await on_command(deps.commands, value, deps.clock())
        return await on_signal(deps.signals, value, deps.clock())
