"""The read-model store on MongoDB (FerretDB 1.24 compatible: single-document atomicity only).

Collections, all in the web service's own database: `pupils` (one document per
pupil: roster details and the latest mark per session), `schools` (settings and
the days holding marks), `signals` (by signal id) and `pupil_views` (audit).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from services.web.documents import (
    Document,
    decode_pupil,
    decode_school,
    decode_signal,
    encode_mark,
    encode_signal,
    marks_to_write,
    newest_per_session,
    pupil_id,
)
from services.web.readmodel import PupilRecord, ReadModelBatch, SchoolRecord, SignalRecord
from shared.kernel import Mark

DUPLICATE_KEY = 11000
# Re-reads allowed when another writer changed a pupil between our read and write.
MAX_MARK_ATTEMPTS = 5
# Contacts are stored for other screens but never loaded for figures or lists.
WITHOUT_CONTACTS = {"details.contacts": 0}


class WriteConflictError(RuntimeError):
    """Pupil documents kept changing under us; the batch is retried later."""


class MongoReadModelStore:
    """ReadModelStore on one MongoDB database owned by the web service."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._database = database
        self._pupils = database["pupils"]
        self._schools = database["schools"]
        self._signals = database["signals"]
        self._views = database["pupil_views"]

    async def ensure_indexes(self) -> None:
        await self._pupils.create_index([("school_urn", ASCENDING)])
        await self._signals.create_index([("school_urn", ASCENDING), ("upn", ASCENDING)])

    async def apply(self, batch: ReadModelBatch) -> None:
        if batch.marks:
            await self._write_marks(batch.marks)
        if batch.pupils:
            await self._pupils.bulk_write([op for update in batch.pupils for op in (
                _ensure_pupil(update.school_urn, update.upn),
                _set_if_newer(pupil_id(update.school_urn, update.upn), "details",
                              update.details, update.updated_at))])
        if batch.schools:
            await self._schools.bulk_write([op for school in batch.schools for op in (
                UpdateOne({"_id": school.school_urn}, {"$setOnInsert": {"version": 0}},
                          upsert=True),
                _set_if_newer(school.school_urn, "settings", school.settings,
                              school.updated_at))])
        if batch.signals:
            await self._signals.bulk_write([
                UpdateOne({"_id": doc["_id"]}, {"$set": doc}, upsert=True)
                for doc in map(encode_signal, batch.signals)], ordered=False)
        await self._touch_schools(batch)

    async def _write_marks(self, marks: list[Mark]) -> None:
        pending = newest_per_session(marks)
        for _ in range(MAX_MARK_ATTEMPTS):
            if not pending:
                return
            pending = await self._try_write_marks(pending)
        raise WriteConflictError(f"{len(pending)} pupil documents changed on every attempt")

    async def _try_write_marks(
            self, pending: dict[str, dict[str, Mark]]) -> dict[str, dict[str, Mark]]:
        """Write what supersedes the stored marks; return the pupils that changed meanwhile."""
        keys = {key for sessions in pending.values() for key in sessions}
        projection = {"version": 1, **{f"marks.{key}": 1 for key in keys}}
        held = {doc["_id"]: doc async for doc in
                self._pupils.find({"_id": {"$in": list(pending)}}, projection)}
        ops, ids = [], []
        for pid, incoming in pending.items():
            doc = held.get(pid)
            changed = marks_to_write((doc or {}).get("marks") or {}, incoming)
            if changed:
                ops.append(_write_marks_if_unchanged(pid, doc, changed))
                ids.append(pid)
        if not ops:
            return {}
        try:
            await self._pupils.bulk_write(ops, ordered=False)
        except BulkWriteError as error:
            errors = error.details.get("writeErrors", [])
            if any(e.get("code") != DUPLICATE_KEY for e in errors):
                raise
            return {ids[e["index"]]: pending[ids[e["index"]]] for e in errors}
        return {}

    async def _touch_schools(self, batch: ReadModelBatch) -> None:
        days: dict[str, set[str]] = {}
        for mark in batch.marks:
            days.setdefault(mark.school_urn, set()).add(mark.date.isoformat())
        for urn in {p.school_urn for p in batch.pupils} | {s.school_urn for s in batch.schools}:
            days.setdefault(urn, set())
        if days:
            await self._schools.bulk_write([UpdateOne(
                {"_id": urn},
                {"$addToSet": {"mark_days": {"$each": sorted(new_days)}}, "$inc": {"version": 1}},
                upsert=True) for urn, new_days in sorted(days.items())], ordered=False)

    async def schools(self, urns: Collection[str] | None = None) -> list[SchoolRecord]:
        query = {} if urns is None else {"_id": {"$in": sorted(urns)}}
        return [decode_school(doc) async for doc in self._schools.find(query).sort("_id")]

    async def school(self, school_urn: str) -> SchoolRecord | None:
        doc = await self._schools.find_one({"_id": school_urn})
        return None if doc is None else decode_school(doc)

    async def pupils(self, school_urn: str) -> list[PupilRecord]:
        cursor = self._pupils.find({"school_urn": school_urn}, WITHOUT_CONTACTS)
        return [decode_pupil(doc) async for doc in cursor]

    async def pupil(self, school_urn: str, upn: str) -> PupilRecord | None:
        doc = await self._pupils.find_one({"_id": pupil_id(school_urn, upn)}, WITHOUT_CONTACTS)
        return None if doc is None else decode_pupil(doc)

    async def signals(self, school_urn: str, upn: str) -> list[SignalRecord]:
        cursor = self._signals.find({"school_urn": school_urn, "upn": upn}).sort(
            [("occurred_on", DESCENDING), ("_id", DESCENDING)])
        return [decode_signal(doc) async for doc in cursor]

    async def record_view(self, viewer: str, school_urn: str, upn: str, at: datetime) -> None:
        await self._views.insert_one(
            {"viewer": viewer, "school_urn": school_urn, "upn": upn, "viewed_at": at})

    async def ping(self) -> None:
        await self._database.command("ping")


def _write_marks_if_unchanged(pid: str, held: Document | None,
                              changed: Mapping[str, Mark]) -> UpdateOne:
    """Set the superseding marks only if the document is still the version we read.

    A document created or changed meanwhile makes the upsert collide on _id
    (duplicate key), and that pupil is re-read and retried.
    """
    version: Any = {"$exists": False} if held is None or "version" not in held \
        else held["version"]
    mark = next(iter(changed.values()))
    return UpdateOne(
        {"_id": pid, "version": version},
        {"$set": {f"marks.{key}": encode_mark(m) for key, m in changed.items()},
         "$inc": {"version": 1},
         "$setOnInsert": {"school_urn": mark.school_urn, "upn": mark.upn}},
        upsert=True)


def _ensure_pupil(school_urn: str, upn: str) -> UpdateOne:
    return UpdateOne({"_id": pupil_id(school_urn, upn)},
                     {"$setOnInsert": {"school_urn": school_urn, "upn": upn, "version": 0}},
                     upsert=True)


def _set_if_newer(doc_id: str, name: str, value: Mapping[str, Any],
                  updated_at: str) -> UpdateOne:
    """Replace `name` unless the stored copy has an equal or later updated_at."""
    stamp = f"{name}_at"
    condition: dict[str, Any] = {} if not updated_at else {
        "$or": [{stamp: {"$exists": False}}, {stamp: {"$lt": updated_at}}]}
    return UpdateOne({"_id": doc_id, **condition},
                     {"$set": {name: dict(value), stamp: updated_at}})
