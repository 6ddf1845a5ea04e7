"""The office log on the web service's own database (MongoDB, and FerretDB 1.24).

- `office_records`: {_id: record_id, school_urn, upn, kind, school_day, body: JSON text};
  written with $setOnInsert, so a repeated record_id changes nothing.
- `comms_events`: {_id: "kind:id", school_urn, kind, version, upns, day, due_on, done,
  opted_out (a reply's STOP or START), body: JSON text without the PDF, pdf: base64 or
  null}; written only when the version is higher than the one held (a lower or equal
  one meets the unique _id and is dropped; one update per event, a few at a time).
Bodies are JSON text because letters and notes may hold any characters, and FerretDB
reads one string faster than many fields. Writes go in commands of at most 50.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from contextlib import suppress
from datetime import date
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.web.records.log import event_upns, latest_versions, local_day
from shared.contracts.comms_v1 import (
    CallTaskEventV1,
    CommsEventMessageV1,
    CommsEventV1,
    DeliveryEventV1,
    LetterEventV1,
    ReplyEventV1,
)
from shared.contracts.office_v1 import (
    CallOutcomeV1,
    ConcernResponseV1,
    ConcernV1,
    OfficeRecordMessageV1,
    OfficeRecordV1,
)

Document = dict[str, Any]
WRITES_PER_COMMAND = 50
PARALLEL_WRITES = 8
WITHOUT_PDF = {"pdf": 0}


class MongoOfficeLog:
    """OfficeLog on the collections `office_records` and `comms_events`."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._records = database["office_records"]
        self._events = database["comms_events"]
        self._writes = asyncio.Semaphore(PARALLEL_WRITES)

    async def store_records(self, records: Sequence[OfficeRecordV1]) -> None:
        writes = [UpdateOne({"_id": record.record_id}, {"$setOnInsert": _record_doc(record)},
                            upsert=True) for record in records]
        await self._write(self._records, writes)

    async def store_events(self, events: Sequence[CommsEventV1]) -> None:
        latest = latest_versions(events)
        await asyncio.gather(*(self._keep_if_newer(key, event)
                               for key, event in latest.items()))

    async def _keep_if_newer(self, key: str, event: CommsEventV1) -> None:
        """One update per event: FerretDB's bulk reply to a duplicate key lacks the counts
        pymongo reads, so conflicts are taken one at a time."""
        # A duplicate key: held already at a higher or equal version, nothing to do.
        async with self._writes:
            with suppress(DuplicateKeyError):
                await self._events.update_one(
                    {"_id": key, "version": {"$lt": event.version}},
                    {"$set": _event_doc(event)}, upsert=True)

    async def _write(self, collection: Any, writes: list[UpdateOne]) -> None:
        for start in range(0, len(writes), WRITES_PER_COMMAND):
            await collection.bulk_write(writes[start:start + WRITES_PER_COMMAND],
                                        ordered=False)

    async def calls(self, school_urn: str, day: date) -> list[CallOutcomeV1]:
        found = await self._find_records({"school_urn": school_urn, "kind": "call_outcome",
                                          "school_day": day.isoformat()})
        return [record for record in found if isinstance(record, CallOutcomeV1)]

    async def records_between(self, school_urn: str, first: date,
                              last: date) -> list[OfficeRecordV1]:
        return await self._find_records({"school_urn": school_urn, "school_day": {
            "$gte": first.isoformat(), "$lte": last.isoformat()}})

    async def pupil_records(self, school_urn: str, upn: str) -> list[OfficeRecordV1]:
        return await self._find_records({"school_urn": school_urn, "upn": upn})

    async def concern_records(self, school_urn: str
                              ) -> list[ConcernV1 | ConcernResponseV1]:
        found = await self._find_records({"school_urn": school_urn,
                                          "kind": {"$in": ["concern", "concern_response"]}})
        return [record for record in found
                if isinstance(record, ConcernV1 | ConcernResponseV1)]

    async def replies(self, school_urn: str, day: date) -> list[ReplyEventV1]:
        found = await self._find_events({"school_urn": school_urn, "kind": "reply",
                                         "day": day.isoformat()})
        replies = [event for event in found if isinstance(event, ReplyEventV1)]
        return sorted(replies, key=lambda reply: reply.received_at)

    async def opt_out_replies(self, school_urn: str) -> list[ReplyEventV1]:
        # Replies stored before `opted_out` was a field of their document are read too,
        # and told apart by their body.
        found = await self._find_events({"school_urn": school_urn, "kind": "reply", "$or": [
            {"opted_out": {"$in": [True, False]}}, {"opted_out": {"$exists": False}}]})
        replies = [event for event in found
                   if isinstance(event, ReplyEventV1) and event.opted_out is not None]
        return sorted(replies, key=lambda reply: reply.received_at)

    async def call_tasks(self, school_urn: str, day: date) -> list[CallTaskEventV1]:
        found = await self._find_events({"school_urn": school_urn, "kind": "call_task",
                                         "due_on": {"$lte": day.isoformat()}, "done": False})
        return [event for event in found if isinstance(event, CallTaskEventV1)]

    async def pupil_calls_between(self, school_urn: str, upns: Collection[str], first: date,
                                  last: date) -> list[CallOutcomeV1]:
        if not upns:
            return []
        found = await self._find_records({
            "school_urn": school_urn, "kind": "call_outcome", "upn": {"$in": sorted(upns)},
            "school_day": {"$gte": first.isoformat(), "$lte": last.isoformat()}})
        return [record for record in found if isinstance(record, CallOutcomeV1)]

    async def pupil_events(self, school_urn: str, upn: str) -> list[CommsEventV1]:
        return await self._find_events({"school_urn": school_urn, "upns": upn})

    async def deliveries(self, school_urn: str, day: date) -> list[DeliveryEventV1]:
        found = await self._find_events({"school_urn": school_urn, "kind": "delivery",
                                         "day": day.isoformat()})
        return [event for event in found if isinstance(event, DeliveryEventV1)]

    async def letters(self, school_urn: str) -> list[LetterEventV1]:
        found = await self._find_events({"school_urn": school_urn, "kind": "letter"})
        letters = [event for event in found if isinstance(event, LetterEventV1)]
        return sorted(letters, key=lambda letter: letter.updated_at, reverse=True)

    async def letter(self, school_urn: str, letter_id: str) -> LetterEventV1 | None:
        doc = await self._events.find_one({"_id": f"letter:{letter_id}"})
        if doc is None or doc["school_urn"] != school_urn:
            return None
        letter = CommsEventMessageV1.model_validate_json(doc["body"]).root
        assert isinstance(letter, LetterEventV1)
        return letter.model_copy(update={"pdf_base64": doc.get("pdf")})

    async def ping(self) -> None:
        await self._records.database.command("ping")

    async def _find_records(self, query: Document) -> list[OfficeRecordV1]:
        docs = await self._records.find(query).to_list()
        records = [OfficeRecordMessageV1.model_validate_json(doc["body"]).root for doc in docs]
        return sorted(records, key=lambda record: record.recorded_at)

    async def _find_events(self, query: Document) -> list[CommsEventV1]:
        docs = await self._events.find(query, WITHOUT_PDF).to_list()
        events = [CommsEventMessageV1.model_validate_json(doc["body"]).root for doc in docs]
        return sorted(events, key=lambda event: event.updated_at)


def _record_doc(record: OfficeRecordV1) -> Document:
    return {"school_urn": record.school_urn, "upn": record.upn, "kind": record.kind,
            "school_day": record.school_day.isoformat(), "body": record.model_dump_json()}


def _event_doc(event: CommsEventV1) -> Document:
    pdf = event.pdf_base64 if isinstance(event, LetterEventV1) else None
    body = event.model_copy(update={"pdf_base64": None}) if pdf else event
    return {"school_urn": event.school_urn, "kind": event.kind, "version": event.version,
            "upns": event_upns(event), "day": _event_day(event).isoformat(),
            "due_on": event.due_on.isoformat() if isinstance(event, CallTaskEventV1) else None,
            "done": event.done if isinstance(event, CallTaskEventV1) else None,
            "opted_out": event.opted_out if isinstance(event, ReplyEventV1) else None,
            "body": body.model_dump_json(), "pdf": pdf}


def _event_day(event: CommsEventV1) -> date:
    if isinstance(event, DeliveryEventV1):
        return event.school_day
    if isinstance(event, ReplyEventV1):
        return local_day(event.received_at)
    return local_day(event.updated_at)
