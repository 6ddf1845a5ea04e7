"""The roster, school settings, day marks, opt-outs and replies in the comms database.

Each is fed from its topic (or the inbound webhook) and keeps the latest version: a
write carries its "newer than what is stored" condition in the filter, and an upsert
that finds a newer document stored is a harmless duplicate key.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from contextlib import suppress
from datetime import date, datetime
from typing import Any

from pymongo import ASCENDING, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.comms.model import Pupil, SchoolPolicy
from services.comms.policy import policy_from_settings, pupil_from_record
from services.comms.rules import normalise_phone
from shared.kernel import Mark, Session

Document = dict[str, Any]


async def keep_latest(collection: AsyncCollection[Document], key: str, stamp_field: str,
                      stamp: Any, change: Document) -> None:
    """Store `change` under `key` unless what is stored is as new or newer."""
    newer = {"$or": [{stamp_field: {"$lt": stamp}}, {stamp_field: {"$exists": False}}]}
    with suppress(DuplicateKeyError):
        await collection.update_one({"_id": key, **newer}, {"$set": change}, upsert=True)


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


# Day documents read and written per round trip (FerretDB stalls on very large commands).
WRITE_CHUNK = 50


def _day_key(mark: Mark) -> str:
    return f"{mark.school_urn}:{mark.upn}:{mark.date.isoformat()}"


class MongoDayMarks:
    """The latest code of each session of a pupil's day (collection `day_marks`)."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._days = database["day_marks"]

    async def save_mark(self, school_urn: str, upn: str, day: date, session: Session,
                        code: str, recorded_at: datetime) -> None:
        await self.save_marks([Mark(school_urn, upn, day, session, code, recorded_at)])

    async def save_marks(self, marks: Sequence[Mark]) -> None:
        """Keep the latest code of each session, a whole poll at a time.

        A pupil's marks come from one partition and so from one consumer: reading the
        days and writing back only what is newer is safe without a filtered update,
        and takes one read and one write per WRITE_CHUNK days instead of one per mark.
        """
        newest: dict[str, dict[str, Mark]] = {}
        for mark in marks:
            sessions = newest.setdefault(_day_key(mark), {})
            held = sessions.get(mark.session)
            if held is None or held.recorded_at < mark.recorded_at:
                sessions[mark.session] = mark
        keys = list(newest)
        for start in range(0, len(keys), WRITE_CHUNK):
            await self._write_newer({key: newest[key] for key in keys[start:start + WRITE_CHUNK]})

    async def _write_newer(self, days: dict[str, dict[str, Mark]]) -> None:
        stored = {doc["_id"]: doc for doc in
                  await self._days.find({"_id": {"$in": list(days)}}).to_list(None)}
        writes = []
        for key, sessions in days.items():
            doc = stored.get(key, {})
            change: Document = {
                session: {"code": mark.code, "recorded_at": mark.recorded_at}
                for session, mark in sessions.items()
                if session not in doc or aware(doc[session]["recorded_at"]) < mark.recorded_at}
            if change:
                mark = next(iter(sessions.values()))
                writes.append(UpdateOne({"_id": key}, {"$set": {
                    **change, "school_urn": mark.school_urn, "upn": mark.upn,
                    "day": mark.date.isoformat()}}, upsert=True))
        if writes:
            await self._days.bulk_write(writes, ordered=False)

    async def day_codes(self, school_urn: str, upn: str, day: date) -> list[str]:
        doc = await self._days.find_one({"_id": f"{school_urn}:{upn}:{day.isoformat()}"})
        return [doc[s]["code"] for s in ("AM", "PM") if doc and s in doc]


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
