"""Sending what staff recorded or decided: office records and commands for comms.

Each send waits for the broker's acknowledgement from every in-sync replica (acks=all),
so a form says "recorded" only once the record is safe on the topic. The producer is
started in the service's lifespan; when Kafka cannot be reached a send fails with
PublishFailedError and the form asks the user to try again (their entries are kept).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from aiokafka import AIOKafkaProducer

from services.web.records.settings import OfficeFeedSettings
from shared.config import KafkaSettings
from shared.contracts.comms_v1 import LetterReviewV1, SendDecisionV1
from shared.contracts.office_v1 import OfficeRecordV1
from shared.contracts.topics import pupil_key
from shared.infra.topics import ensure_topics

logger = logging.getLogger(__name__)
CommsCommand = LetterReviewV1 | SendDecisionV1


class PublishFailedError(RuntimeError):
    """The broker did not take the message in time; nothing was recorded."""


class OfficePublisher(Protocol):
    """Where office records and staff commands go."""

    async def record(self, record: OfficeRecordV1) -> None:
        """Publish an office record keyed "{school_urn}:{upn}"."""

    async def command(self, command: CommsCommand) -> None:
        """Publish a command for comms keyed by the school's URN."""


class InMemoryOfficePublisher:
    """OfficePublisher that keeps what was sent (unit tests)."""

    def __init__(self) -> None:
        self.records: list[OfficeRecordV1] = []
        self.commands: list[CommsCommand] = []

    async def record(self, record: OfficeRecordV1) -> None:
        self.records.append(record)

    async def command(self, command: CommsCommand) -> None:
        self.commands.append(command)


class KafkaOfficePublisher:
    """OfficePublisher on an aiokafka producer (acks=all, idempotent)."""

    def __init__(self, kafka: KafkaSettings, settings: OfficeFeedSettings) -> None:
        self._kafka = kafka
        self._settings = settings
        self._producer: AIOKafkaProducer | None = None

    async def start(self) -> None:
        topics = [self._settings.office_records_topic, self._settings.comms_commands_topic]
        await asyncio.to_thread(ensure_topics, topics, self._kafka)
        producer = AIOKafkaProducer(bootstrap_servers=self._kafka.bootstrap_servers,
                                    acks="all", enable_idempotence=True)
        await producer.start()
        self._producer = producer

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def record(self, record: OfficeRecordV1) -> None:
        await self._send(self._settings.office_records_topic,
                         pupil_key(record.school_urn, record.upn), record.model_dump_json())

    async def command(self, command: CommsCommand) -> None:
        await self._send(self._settings.comms_commands_topic, command.school_urn,
                         command.model_dump_json())

    async def _send(self, topic: str, key: str, value: str) -> None:
        if self._producer is None:
            raise PublishFailedError("the connection to Kafka is not open yet")
        try:
            await asyncio.wait_for(
                self._producer.send_and_wait(topic, value.encode(), key=key.encode()),
                self._settings.send_timeout_s)
        except Exception as error:
            logger.warning("publishing to %s failed (%s)", topic, type(error).__name__)
            raise PublishFailedError(type(error).__name__) from error
