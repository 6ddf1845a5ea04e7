"""The roster, school settings, day marks, opt-outs and replies in the comms database.

Each is fed from its topic (or the inbound webhook) and keeps the latest version: a
write carries its "newer than what is stored" condition in the filter, and an upsert
that finds a newer document stored is a harmless duplicate key.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from contextlib import suppress
from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.comms.model import Pupil, SchoolPolicy
from services.comms.policy import policy_from_settings, pupil_from_record
from services.comms.rules import normalise_phone

Document = dict[str, Any]


async def keep_latest(collection: AsyncCollection[Document], key: str, stamp_field: str,
                      stamp: Any, change: Document) -> None:
    """Store `change` under `key` unless what is stored is as new or newer.

    Read, then write by `_id` alone: FerretDB finds a document by index only for a bare
    `{_id: value}` filter (any other filter decodes the whole collection, which made a
    2,000-pupil roster take minutes), and one consumer owns each key's partition, so
    nothing writes the key between the read and the write.
    """
    held = await collection.find_one({"_id": key}, {stamp_field: 1})
    if held is not None and stamp_field in held and not aware(held[stamp_field]) < stamp:
        return
    with suppress(DuplicateKeyError):
        await collection.update_one({"_id": key}, {"$set": change}, upsert=True)


def aware(raw: Any) -> datetime:
    return raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))


class MongoDirectory:
    """Pupils (collection `pupils`) and school settings (`schools`), latest first."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._pupils = database["pupils"]
        self._schools = database["schools"]

    async def create_indexes(self) -> None:
        await self._pupils.create_index([("phones", ASCENDING)])

    async def save_pupil(self, record: Mapping[str, Any]) -> None:
        phones = sorted({normalise_phone(c["phone"]) for c in record.get("contacts") or []
                         if c.get("phone")})
        key = f"{record['school_urn']}:{record['upn']}"
        stamp = aware(record["updated_at"])
        await keep_latest(self._pupils, key, "stamp", stamp,
                          {"record": dict(record), "phones": phones, "stamp": stamp})

    async def save_school(self, record: Mapping[str, Any]) -> None:
        stamp = aware(record["updated_at"])
        await keep_latest(self._schools, str(record["school_urn"]), "stamp", stamp,
                          {"record": dict(record), "stamp": stamp})

    async def pupil(self, school_urn: str, upn: str) -> Pupil | None:
        doc = await self._pupils.find_one({"_id": f"{school_urn}:{upn}"})
        return None if doc is None else pupil_from_record(doc["record"])

    async def policy(self, school_urn: str) -> SchoolPolicy | None:
        doc = await self._schools.find_one({"_id": school_urn})
        return None if doc is None else policy_from_settings(doc["record"])

    async def pupils_with_phone(self, phone: str) -> list[tuple[str, str]]:
        cursor = self._pupils.find({"phones": normalise_phone(phone)}).sort("_id", ASCENDING)
        return [(d["record"]["school_urn"], d["record"]["upn"]) async for d in cursor]


class MongoOptOuts:
    """Numbers that replied STOP (collection `opt_outs`), in E.164."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._numbers = database["opt_outs"]

    async def opted_out(self, phones: Collection[str]) -> set[str]:
        wanted = {normalise_phone(p): p for p in phones}
        cursor = self._numbers.find({"_id": {"$in": list(wanted)}, "opted_out": True})
        return {wanted[d["_id"]] async for d in cursor}

    async def all_opted_out(self) -> set[str]:
        return {d["_id"] async for d in self._numbers.find({"opted_out": True})}

    async def set_opted_out(self, phone: str, opted_out: bool, now: datetime) -> None:
        await keep_latest(self._numbers, normalise_phone(phone), "changed_at", now,
                          {"opted_out": opted_out, "changed_at": now})


class MongoReplies:
    """Parents' replies (collection `replies`), matched to their family's pupils."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._replies = database["replies"]

    async def add(self, message_id: str, sender: str, body: str, received_at: datetime,
                  pupils: list[tuple[str, str]], opted_out: bool | None = None) -> None:
        doc = {"_id": message_id, "from": normalise_phone(sender), "body": body,
               "received_at": received_at, "opted_out": opted_out,
               "pupils": [{"school_urn": s, "upn": u} for s, u in pupils],
               "schools": sorted({s for s, _ in pupils}),
               # Stored once, published after (services.comms.publisher).
               "version": 1, "updated_at": received_at, "unpublished": True}
        with suppress(DuplicateKeyError):  # Twilio retries a webhook it had no answer to
            await self._replies.insert_one(doc)

    async def for_school(self, school_urn: str) -> list[Document]:
        cursor = self._replies.find({"schools": school_urn}).sort("received_at", ASCENDING)
        return [doc async for doc in cursor]
