"""Delivery records in MongoDB (collection `deliveries`), one document per delivery id.

Every change is one atomic single-document write, so it runs on MongoDB and FerretDB
alike; claims and state moves carry their precondition in the filter. Each change also
bumps `version` and flags the document `unpublished` in that same write (the outbox the
event publisher sweeps), so the staff pages hear of it even after a crash.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.comms.deliveries import Delivery, DeliveryState, PupilRef, states_movable_to
from services.comms.model import Purpose
from services.comms.planning import PlannedText

Document = dict[str, Any]
_FREE = {"state": str(DeliveryState.PENDING), "sending_since": None}


def changed(now: datetime, **fields: Any) -> Document:
    """An update setting `fields` that also moves the version on and flags it for publishing."""
    return {"$set": {**fields, "updated_at": now, "unpublished": True},
            "$inc": {"version": 1}}


class MongoDeliveries:
    """The DeliveryStore on MongoDB."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._docs = database["deliveries"]

    async def create_indexes(self) -> None:
        await self._docs.create_index([("state", ASCENDING), ("due_at", ASCENDING)])
        await self._docs.create_index([("school_urn", ASCENDING), ("day", ASCENDING)])
        await self._docs.create_index([("provider_id", ASCENDING)])

    async def record(self, planned: PlannedText, now: datetime) -> None:
        pupil = {"upn": planned.upn, "name": planned.pupil_name}
        first = {"school_urn": planned.school_urn, "family": planned.family,
                 "purpose": str(planned.purpose), "day": planned.day.isoformat(),
                 "recipient": planned.recipient, "contact_id": planned.contact_id,
                 "due_at": planned.due_at, "recorded_at": now}
        # The filter's state and sending_since become the new record's (pending, free).
        # Already claimed or sent: the family has had this text today. The pupil already
        # on it: nothing changes (the upsert's insert meets the existing id).
        with suppress(DuplicateKeyError):
            await self._docs.update_one(
                {"_id": planned.delivery_id, **_FREE, "pupils.upn": {"$ne": planned.upn}},
                {"$setOnInsert": first, "$addToSet": {"pupils": pupil}, **changed(now)},
                upsert=True)

    async def due(self, now: datetime, limit: int = 100) -> list[Delivery]:
        cursor = self._docs.find({**_FREE, "due_at": {"$lte": now}}).sort(
            "due_at", ASCENDING).limit(limit)
        return [to_delivery(doc) async for doc in cursor]

    async def claim(self, delivery_id: str, body: str, now: datetime) -> bool:
        result = await self._docs.update_one(
            {"_id": delivery_id, **_FREE},
            changed(now, sending_since=now, body=body))
        return result.modified_count == 1

    async def finish(self, delivery_id: str, state: DeliveryState, now: datetime,
                     provider_id: str | None = None, error: str | None = None) -> None:
        if provider_id:
            await self._docs.update_one({"_id": delivery_id},
                                        changed(now, provider_id=provider_id))
        await self._move({"_id": delivery_id}, state, now, error)

    async def cancel(self, delivery_id: str, reason: str, now: datetime) -> None:
        await self._docs.update_one(
            {"_id": delivery_id, **_FREE},
            changed(now, state=str(DeliveryState.CANCELLED), error=reason))

    async def provider_status(self, delivery_id: str | None, provider_id: str,
                              state: DeliveryState, now: datetime,
                              error: str | None = None) -> bool:
        found = {"_id": delivery_id} if delivery_id else {"provider_id": provider_id}
        if await self._docs.count_documents(found, limit=1) == 0:
            return False
        if provider_id:
            await self._docs.update_one(found, changed(now, provider_id=provider_id))
        await self._move(found, state, now, error)
        return True

    async def _move(self, found: Document, state: DeliveryState, now: datetime,
                    error: str | None) -> None:
        movable = {"$or": [{"state": {"$in": states_movable_to(state)}},
                           {"state": str(DeliveryState.PENDING),
                            "sending_since": {"$ne": None}}]}
        await self._docs.update_one(
            {**found, **movable},
            changed(now, state=str(state), error=error))

    async def mark_unknown(self, claimed_before: datetime, now: datetime) -> int:
        result = await self._docs.update_many(
            {"state": str(DeliveryState.PENDING), "sending_since": {"$lt": claimed_before}},
            changed(now, state=str(DeliveryState.UNKNOWN)))
        return result.modified_count

    async def decide_unknown(self, delivery_id: str, resend: bool, by: str,
                             now: datetime) -> bool:
        change: Document = {"decided_by": by, "decided_at": now}
        if resend:
            change |= {"state": str(DeliveryState.PENDING), "sending_since": None,
                       "due_at": now}
        else:
            change |= {"state": str(DeliveryState.SENT)}
        result = await self._docs.update_one(
            {"_id": delivery_id, "state": str(DeliveryState.UNKNOWN)}, changed(now, **change))
        return result.modified_count == 1

    async def cancel_unknown(self, delivery_id: str, by: str, now: datetime) -> bool:
        """Staff's decision that an unknown send is not to go again: it is cancelled."""
        result = await self._docs.update_one(
            {"_id": delivery_id, "state": str(DeliveryState.UNKNOWN)},
            changed(now, state=str(DeliveryState.CANCELLED), decided_by=by, decided_at=now,
                    error="cancelled_by_staff"))
        return result.modified_count == 1

    async def get(self, delivery_id: str) -> Delivery | None:
        doc = await self._docs.find_one({"_id": delivery_id})
        return None if doc is None else to_delivery(doc)

    async def for_school(self, school_urn: str, day: date | None = None) -> list[Delivery]:
        query: Document = {"school_urn": school_urn}
        if day is not None:
            query["day"] = day.isoformat()
        cursor = self._docs.find(query).sort([("due_at", ASCENDING), ("_id", ASCENDING)])
        return [to_delivery(doc) async for doc in cursor]


def to_delivery(doc: Document) -> Delivery:
    pupils = tuple(PupilRef(p["upn"], p["name"]) for p in doc.get("pupils", []))
    return Delivery(doc["_id"], doc["school_urn"], doc["family"], Purpose(doc["purpose"]),
                    date.fromisoformat(doc["day"]), doc["recipient"], pupils, doc["due_at"],
                    DeliveryState(doc["state"]), doc.get("body"), doc.get("provider_id"),
                    doc.get("error"))
