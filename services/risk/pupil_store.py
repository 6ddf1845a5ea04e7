"""Pupil states in MongoDB: one document per pupil, one read and one write per batch.

Writes are version-checked updates ({_id, version: n} -> n + 1; upsert for a new pupil).
Each write carries a fresh token, so when the reply does not say which updates took
effect (some filters no longer matched, or FerretDB's reply to a duplicate upsert, which
lacks the counts PyMongo expects), reading the tokens back tells exactly.

FerretDB 1.24 applies an update by reading the document and writing it back without
isolation from other updates: two concurrent updates of one document can both report a
match while one is lost (measured). A process therefore sends one write at a time, and
only a pupil's owner writes it (see ownership.py). MongoDB needs neither, and is not
slowed by them: the store serialises its writes anyway.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from services.risk.documents import state_document, state_from_document, update_between
from services.risk.ports import OutboxEntry, StoredPupil

COLLECTION = "pupil_state"


def stored_pupil(doc: Mapping[str, Any]) -> StoredPupil:
    """A loaded document as the engine sees it."""
    return StoredPupil(state_from_document(doc), int(doc.get("version", 0)), doc,
                       dict(doc.get("outbox", {})))


class MongoPupilStore:
    """The PupilStore port on MongoDB (or FerretDB)."""

    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self.collection = database[COLLECTION]
        self._one_write_at_a_time = asyncio.Lock()

    async def load(self, keys: Sequence[str]) -> dict[str, StoredPupil]:
        if not keys:
            return {}
        cursor = self.collection.find({"_id": {"$in": list(keys)}})
        return {doc["_id"]: stored_pupil(doc) async for doc in cursor}

    async def load_school(self, school_urn: str) -> dict[str, StoredPupil]:
        cursor = self.collection.find({"school_urn": school_urn})
        return {doc["_id"]: stored_pupil(doc) async for doc in cursor}

    async def write(self, pupils: Sequence[StoredPupil]) -> set[str]:
        if not pupils:
            return set()
        token = uuid.uuid4().hex
        operations = [self._update(pupil, token) for pupil in pupils]
        try:
            async with self._one_write_at_a_time:
                result = await self.collection.bulk_write(operations, ordered=False)
            if result.matched_count + result.upserted_count == len(operations):
                return set()
        except (BulkWriteError, KeyError):
            pass  # some writes lost a race: find out which below
        keys = [pupil.key for pupil in pupils]
        cursor = self.collection.find({"_id": {"$in": keys}}, {"write_token": 1})
        won = {doc["_id"] async for doc in cursor if doc.get("write_token") == token}
        return set(keys) - won

    @staticmethod
    def _update(pupil: StoredPupil, token: str) -> UpdateOne:
        update = update_between(pupil.loaded, state_document(pupil.state), pupil.new_outbox)
        update["$set"].update({"version": pupil.version + 1, "write_token": token})
        if pupil.clear:
            update["$unset"] = {f"outbox.{signal}": "" for signal in sorted(pupil.clear)}
        return UpdateOne({"_id": pupil.key, "version": pupil.version}, update,
                         upsert=pupil.version == 0)

    async def clear_outbox(self, published: Mapping[str, Sequence[str]]) -> None:
        operations = [UpdateOne({"_id": key}, {"$unset": {f"outbox.{i}": "" for i in ids}})
                      for key, ids in published.items() if ids]
        if operations:
            async with self._one_write_at_a_time:
                await self.collection.bulk_write(operations, ordered=False)

    async def staged_before(self, moment: datetime) -> dict[str, dict[str, OutboxEntry]]:
        # {"$gt": {}} matches a non-empty outbox on MongoDB and FerretDB alike.
        cursor = self.collection.find({"outbox": {"$gt": {}}}, {"outbox": 1})
        stale: dict[str, dict[str, OutboxEntry]] = {}
        async for doc in cursor:
            entries = {signal: entry for signal, entry in doc["outbox"].items()
                       if entry["staged_at"] < moment}
            if entries:
                stale[doc["_id"]] = entries
        return stale
