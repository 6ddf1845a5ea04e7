"""Publishing comms events (`comms.events.v1`, keyed by URN) from the documents' outbox.

Every write to a delivery, letter, reply or call task bumps its `version` and flags it
`unpublished` in that same single-document write. This publisher finds flagged
documents, publishes the event each describes now, waits for the broker's
acknowledgement, and only then clears the flag, on the condition that the version is
still the one published. So a kill -9 anywhere leaves the flag set and the event is
published on the next pass (at least once); a change made meanwhile keeps its flag.
Re-publishing is harmless: readers keep the highest version per id.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from pydantic import ValidationError
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from services.comms.events import (
    CommsEvent,
    call_task_event,
    delivery_event,
    letter_event,
    reply_events,
)

log = logging.getLogger(__name__)
Document = dict[str, Any]
UNPUBLISHED = {"unpublished": True}


class EventSink(Protocol):
    async def publish(self, messages: Sequence[tuple[str, bytes]]) -> None:
        """Publish (key, value) pairs in order; return once the broker has them all."""


class KafkaEventSink:
    """The events topic through an idempotent aiokafka producer (acks from all replicas)."""

    def __init__(self, producer: AIOKafkaProducer, topic: str) -> None:
        self._producer, self._topic = producer, topic

    async def publish(self, messages: Sequence[tuple[str, bytes]]) -> None:
        pending = [await self._producer.send(self._topic, value, key=key.encode())
                   for key, value in messages]
        await asyncio.gather(*pending)


class EventPublisher:
    """Publishes what the comms database holds unpublished, collection by collection."""

    def __init__(self, database: AsyncDatabase[Document], sink: EventSink) -> None:
        self._db, self._sink = database, sink
        self._issued = database["issued_letters"]
        self._sources: dict[str, Callable[[Document], Awaitable[list[CommsEvent]]]] = {
            "deliveries": self._delivery, "letters": self._letter,
            "replies": self._reply, "call_tasks": self._task}

    async def create_indexes(self) -> None:
        for name in self._sources:
            await self._db[name].create_index("unpublished")

    async def publish_pending(self, limit: int = 200) -> int:
        """One pass over every collection; how many events were published."""
        published = 0
        for name, build in self._sources.items():
            collection = self._db[name]
            docs = await collection.find(UNPUBLISHED).limit(limit).to_list()
            events = [event for doc in docs for event in await _built(name, doc, build)]
            await self._sink.publish([(e.school_urn, e.model_dump_json().encode())
                                      for e in events])
            await _clear(collection, docs)
            published += len(events)
        return published

    async def _delivery(self, doc: Document) -> list[CommsEvent]:
        return [delivery_event(doc)]

    async def _letter(self, doc: Document) -> list[CommsEvent]:
        pdf = None
        if doc["state"] == "issued":
            kept = await self._issued.find_one({"_id": doc["_id"]})
            pdf = bytes(kept["pdf"]) if kept else None
        return [letter_event(doc, pdf)]

    async def _reply(self, doc: Document) -> list[CommsEvent]:
        return list(reply_events(doc))

    async def _task(self, doc: Document) -> list[CommsEvent]:
        return [call_task_event(doc)]


async def _built(name: str, doc: Document,
                 build: Callable[[Document], Awaitable[list[CommsEvent]]]) -> list[CommsEvent]:
    try:
        return await build(doc)
    except (KeyError, ValueError, ValidationError) as error:
        # A document the contract cannot describe must not stall every later event.
        log.warning("no event for %s %s: %s", name, doc.get("_id"), type(error).__name__)
        return []


async def _clear(collection: AsyncCollection[Document], docs: list[Document]) -> None:
    for doc in docs:
        await collection.update_one(
            {"_id": doc["_id"], "version": doc.get("version"), **UNPUBLISHED},
            {"$set": {"unpublished": False}})


# Idle passes wait longer, up to this: each pass scans the flagged documents, which on
# FerretDB costs a read of every document, so a quiet service keeps the store quiet too.
IDLE_WAIT_S = 5.0


async def publish_forever(publisher: EventPublisher, every_seconds: float) -> None:
    """Publish what is flagged, again and again; an outage only delays the events."""
    wait = every_seconds
    while True:
        published = 0
        try:
            published = await publisher.publish_pending()
        except (KafkaError, PyMongoError) as error:
            log.warning("events paused: %s", type(error).__name__)
        wait = every_seconds if published else min(wait * 2, max(IDLE_WAIT_S, every_seconds))
        await asyncio.sleep(wait)
