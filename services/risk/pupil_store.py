"""Pupil states in MongoDB: one document per pupil, one read and one write per batch
(the write sent in commands of at most WRITE_CHUNK updates, see below).

Writes are version-checked updates ({_id, version: n} -> n + 1; upsert for a new pupil).
Each write carries a fresh token, so when the reply does not say which updates took
effect (some filters no longer matched, or FerretDB's reply to a duplicate upsert, which
lacks the counts PyMongo expects), reading the tokens back tells exactly.

On MongoDB a batch's write is one bulk_write. FerretDB 1.24 (the local store) needs
three precautions, all measured: it never answers an update command of 100 statements or
more (90 answer within a second), so there the write goes as commands of WRITE_CHUNK; it
finds a document by index (see shared/infra/localstack/ferretdb_patch.py) only when the
filter is `{_id: value}` alone (any other filter, `{_id, version}` included, reads and
decodes the whole collection), so there each update filters on `_id` alone and the version check is
one read of the batch's versions just before the write; and it applies an update by
reading the document and writing it back without isolation, so a version filter was never
a lock there anyway. A worker therefore talks to its database one operation at a time
(reads drained in one reply) and only a pupil's owner writes it (see ownership.py).
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
import zlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from services.risk.documents import state_document, state_from_document, update_between
from services.risk.ports import OutboxEntry, StoredPupil

log = logging.getLogger(__name__)
_KEYS = re.compile(r"\S*:\S*")

COLLECTION = "pupil_state"
# Reads are drained in one reply (up to the 16 MB message limit), never left open.
ONE_BATCH = 100_000
# The largest update command sent to FerretDB (which hangs on 100 statements or more).
WRITE_CHUNK = 50
# On FerretDB, up to this many pupils are read one `{_id: value}` find at a time (0.4 ms
# each, by index) rather than by one `$in` filter, which FerretDB answers by decoding the
# whole collection (0.9 s for 5,000 pupils; measured even for 100 keys).
POINT_READS_UP_TO = 1_000


def stored_pupil(doc: Mapping[str, Any]) -> StoredPupil:
    """A loaded document as the engine sees it."""
    outbox = {signal: _read_entry(entry) for signal, entry in doc.get("outbox", {}).items()}
    return StoredPupil(state_from_document(doc), int(doc.get("version", 0)), doc, outbox)


def _stored_entry(entry: OutboxEntry) -> OutboxEntry:
    # Compressed: a pupil's document is dearer to write while it carries its outbox.
    return {**entry, "message": zlib.compress(entry["message"].encode(), 6)}


def _read_entry(entry: OutboxEntry) -> OutboxEntry:
    message = entry["message"]
    return {**entry, "message": message if isinstance(message, str)
            else zlib.decompress(message).decode()}


class MongoPupilStore:
    """The PupilStore port on MongoDB (or FerretDB)."""

    def __init__(self, database: AsyncDatabase[dict[str, Any]],
                 one_at_a_time: asyncio.Lock | None = None) -> None:
        self.collection = database[COLLECTION]
        self.one_at_a_time = one_at_a_time or asyncio.Lock()
        # Until the server is known (see `prepare`), write as FerretDB needs.
        self.write_chunk: int | None = WRITE_CHUNK
        self.isolated_updates = False
        # Without isolated updates, a version read and the writes after it must not
        # interleave with another write of this worker (its agents and timers share it).
        self.one_write_at_a_time = asyncio.Lock()

    async def _find(self, query: dict[str, Any],
                    projection: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        async with self.one_at_a_time:
            return await self.collection.find(query, projection,
                                              batch_size=ONE_BATCH).to_list(None)

    async def _find_ids(self, keys: Sequence[str],
                        projection: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The stored documents of these pupils (those that exist)."""
        if not keys:
            return []
        if self.isolated_updates or len(keys) > POINT_READS_UP_TO:
            return await self._find({"_id": {"$in": list(keys)}}, projection)
        docs = []
        for key in keys:
            async with self.one_at_a_time:
                doc = await self.collection.find_one({"_id": key}, projection)
            if doc is not None:
                docs.append(doc)
        return docs

    async def load(self, keys: Sequence[str]) -> dict[str, StoredPupil]:
        return {doc["_id"]: stored_pupil(doc) for doc in await self._find_ids(keys)}

    async def school_keys(self, school_urn: str) -> list[str]:
        docs = await self._find({"school_urn": school_urn}, {"_id": 1})
        return sorted(doc["_id"] for doc in docs)

    async def write(self, pupils: Sequence[StoredPupil]) -> set[str]:
        if not pupils:
            return set()
        if self.isolated_updates:
            return await self._write(pupils, set())
        async with self.one_write_at_a_time:
            return await self._write(pupils, await self._moved_on(pupils))

    async def _write(self, pupils: Sequence[StoredPupil], lost: set[str]) -> set[str]:
        token = uuid.uuid4().hex
        unsure: list[str] = []
        fresh = [pupil for pupil in pupils if pupil.key not in lost]
        size = self.write_chunk or len(fresh) or 1
        for start in range(0, len(fresh), size):
            chunk = fresh[start:start + size]
            if not await self._all_applied([self._update(pupil, token) for pupil in chunk]):
                unsure += [pupil.key for pupil in chunk]
        if not unsure:
            return lost
        # Which writes lost a race: those whose document does not carry this write's token.
        docs = await self._find_ids(unsure, {"write_token": 1})
        return lost | (set(unsure) - {d["_id"] for d in docs if d.get("write_token") == token})

    async def _moved_on(self, pupils: Sequence[StoredPupil]) -> set[str]:
        """Pupils whose stored version is no longer the one loaded (one read for all)."""
        docs = await self._find_ids([pupil.key for pupil in pupils], {"version": 1})
        held = {doc["_id"]: int(doc.get("version", 0)) for doc in docs}
        return {pupil.key for pupil in pupils if held.get(pupil.key, 0) != pupil.version}

    async def _all_applied(self, statements: list[dict[str, Any]]) -> bool:
        # A raw update command: its reply says how many matched or were upserted and why
        # any failed, where pymongo's bulk result trips over FerretDB's replies.
        async with self.one_at_a_time:
            reply = await self.collection.database.command(
                {"update": self.collection.name, "updates": statements, "ordered": False})
        errors = reply.get("writeErrors") or []
        if errors:  # codes and messages without keys: those name pupils
            log.warning("a write of %d pupils was refused in part: %s", len(statements),
                        sorted({(e.get("code"), _KEYS.sub("<key>", str(e.get("errmsg"))))
                                for e in errors}))
        return not errors and int(reply.get("n", 0)) == len(statements)

    def _update(self, pupil: StoredPupil, token: str) -> dict[str, Any]:
        outbox = {signal: _stored_entry(entry) for signal, entry in pupil.new_outbox.items()}
        update = update_between(pupil.loaded, state_document(pupil.state), outbox)
        update["$set"].update({"version": pupil.version + 1, "write_token": token})
        if pupil.published:
            update["$unset"] = {f"outbox.{signal}": "" for signal in sorted(pupil.published)}
        if not self.isolated_updates:  # versions checked just before (see `_moved_on`)
            return {"q": {"_id": pupil.key}, "u": update, "upsert": True}
        return {"q": {"_id": pupil.key, "version": pupil.version}, "u": update,
                "upsert": pupil.version == 0}

    async def clear_outbox(self, published: Mapping[str, Sequence[str]]) -> None:
        operations = [UpdateOne({"_id": key}, {"$unset": {f"outbox.{i}": "" for i in ids}})
                      for key, ids in published.items() if ids]
        size = self.write_chunk or len(operations)
        for start in range(0, len(operations), size):
            async with self.one_at_a_time:
                await self.collection.bulk_write(operations[start:start + size], ordered=False)

    async def staged_before(self, moment: datetime) -> dict[str, dict[str, OutboxEntry]]:
        # {"$gt": {}} matches a non-empty outbox on MongoDB and FerretDB alike.
        stale: dict[str, dict[str, OutboxEntry]] = {}
        for doc in await self._find({"outbox": {"$gt": {}}}, {"outbox": 1}):
            entries = {signal: _read_entry(entry) for signal, entry in doc["outbox"].items()
                       if entry["staged_at"] < moment}
            if entries:
                stale[doc["_id"]] = entries
        return stale

    async def prepare(self) -> None:
        """Learn the server. On MongoDB: the index the register check's per-school read
        uses, one command per batch, the version in each filter. FerretDB uses no index but
        `_id` (another would only make every write dearer), so it gets none."""
        async with self.one_at_a_time:
            build = await self.collection.database.client.admin.command("buildInfo")
            if "ferretdbVersion" in build:
                self.write_chunk, self.isolated_updates = WRITE_CHUNK, False
                return
            await self.collection.create_index("school_urn")
        self.write_chunk, self.isolated_updates = None, True
