"""Documents whose body is one JSON text, changed only by version-checked writes.

Why JSON text: FerretDB 1.24 pays for every element of a document on each read and
write, so a school-week of 20,000 marks kept as one string is read and rewritten in
milliseconds where 20,000 sub-documents take seconds. MongoDB is as happy either way.
Why version checks: two writers (say, during a consumer-group rebalance) may change a
document at once; each write names the version it read, and the loser re-reads and
re-applies its change, so no amendment is ever lost. On MongoDB the version is part of
the update's filter (atomic). FerretDB 1.24 finds a document by index only when the
filter is `{_id: value}` alone (any other filter decodes the whole collection, seconds
per write once a collection holds a term of registers) and does not isolate an update
anyway, so there the version is checked by a read just before a write by `_id`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Collection, Mapping
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

Body = dict[str, Any]
Change = Callable[[Body], bool]  # changes the body in place; True when it changed it
MAX_ATTEMPTS = 8
# FerretDB looks a document up directly only by _id alone, so reads go one by one,
# a few at a time.
PARALLEL_READS = 8


class WriteConflictError(RuntimeError):
    """A document kept changing under us; the caller retries the whole batch later."""


class VersionedJsonDocuments:
    """One collection of {_id, version, body: JSON text, ...plain fields}."""

    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self._collection = collection
        self._reads = asyncio.Semaphore(PARALLEL_READS)
        self._ferretdb: bool | None = None

    async def _on_ferretdb(self) -> bool:
        if self._ferretdb is None:
            build = await self._collection.database.client.admin.command("buildInfo")
            self._ferretdb = "ferretdbVersion" in build
        return self._ferretdb

    async def load(self, doc_id: str) -> tuple[int | None, Body]:
        """(version, body); (None, {}) for a document not written yet."""
        async with self._reads:
            doc = await self._collection.find_one({"_id": doc_id})
        if doc is None:
            return None, {}
        return int(doc["version"]), json.loads(doc["body"])

    async def load_many(self, doc_ids: Collection[str]) -> dict[str, tuple[int | None, Body]]:
        ids = sorted(doc_ids)
        loaded = await asyncio.gather(*(self.load(doc_id) for doc_id in ids))
        return dict(zip(ids, loaded, strict=True))

    async def change(self, changes: Mapping[str, Change],
                     fields: Callable[[str], dict[str, Any]]) -> dict[str, int]:
        """Apply each document's change with a version check; re-read and retry the losers.

        `fields(doc_id)` gives the plain fields a new document starts with. Returns the
        version each changed document now has.
        """
        pending, written = dict(changes), {}
        for _ in range(MAX_ATTEMPTS):
            loaded = await self.load_many(pending)
            outcomes = await asyncio.gather(*(
                self._write(doc_id, *loaded[doc_id], change, fields)
                for doc_id, change in pending.items()))
            written.update({doc_id: version for doc_id, version
                            in zip(pending, outcomes, strict=True) if version})
            pending = {doc_id: change for (doc_id, change), version
                       in zip(pending.items(), outcomes, strict=True) if version is None}
            if not pending:
                return written
        raise WriteConflictError(f"{len(pending)} documents changed on every attempt")

    async def _write(self, doc_id: str, version: int | None, body: Body, change: Change,
                     fields: Callable[[str], dict[str, Any]]) -> int | None:
        """The new version once stored (0: nothing to store); None when another writer
        came first."""
        if not change(body):
            return 0
        text = json.dumps(body, separators=(",", ":"), sort_keys=True)
        if version is None:
            try:
                await self._collection.insert_one(
                    {"_id": doc_id, "version": 1, "body": text, **fields(doc_id)})
            except DuplicateKeyError:
                return None
            return 1
        change_body = {"$set": {"body": text}, "$inc": {"version": 1}}
        if await self._on_ferretdb():
            held = await self._collection.find_one({"_id": doc_id}, {"version": 1})
            if held is None or held.get("version") != version:
                return None
            await self._collection.update_one({"_id": doc_id}, change_body)
            return version + 1
        result = await self._collection.update_one({"_id": doc_id, "version": version},
                                                   change_body)
        return version + 1 if result.matched_count == 1 else None
