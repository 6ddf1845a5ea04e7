"""The store operations services rely on, through pymongo's AsyncMongoClient.

Everything here runs on real MongoDB and on FerretDB 1.24 alike. Deliberately not
used, because FerretDB 1.24 lacks them: multi-document transactions, change streams,
TTL indexes, $lookup, $group accumulators other than $sum/$count, and "." or "$"
inside document keys. Atomic changes therefore stay within one document.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import ASCENDING, AsyncMongoClient, ReturnDocument, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.config import MongoSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.mongo import create_client

pytestmark = pytest.mark.infra

Document = dict[str, Any]
SCHOOL = "100001"
UPN = "K820123456001"


@pytest.fixture
async def db(infra: Endpoints, unique_name: str) -> AsyncIterator[AsyncDatabase[Document]]:
    """A database of its own for each test, dropped afterwards."""
    client: AsyncMongoClient[Document] = create_client(MongoSettings(uri=infra.mongodb_uri))
    database = client[f"it_mongo_{unique_name}"]
    yield database
    await client.drop_database(database.name)
    await client.close()


async def record_session(db: AsyncDatabase[Document], session: str, code: str) -> Document:
    """Count a session into a pupil's tally, creating the tally on first sight."""
    result = await db.tallies.find_one_and_update(
        {"school_urn": SCHOOL, "upn": UPN},
        {"$inc": {"possible": 1, f"codes.{code}": 1},
         "$set": {"last_session": session},
         "$setOnInsert": {"school_urn": SCHOOL, "upn": UPN, "created_by": "first mark"}},
        upsert=True,
        return_document=ReturnDocument.AFTER,
    )
    assert result is not None, "an upsert returning the document after the change returns one"
    return result


async def test_an_upsert_creates_a_tally_once_and_then_increments_it(
    db: AsyncDatabase[Document],
) -> None:
    first = await record_session(db, "2026-01-12 AM", "/")
    second = await record_session(db, "2026-01-12 PM", "I")

    assert first["possible"] == 1 and first["codes"] == {"/": 1}
    assert second["possible"] == 2 and second["codes"] == {"/": 1, "I": 1}
    assert second["last_session"] == "2026-01-12 PM"
    assert second["created_by"] == "first mark"
    assert await db.tallies.count_documents({}) == 1


async def test_a_bulk_of_upserts_writes_each_pupil_once_and_a_resend_changes_nothing(
    db: AsyncDatabase[Document],
) -> None:
    def upsert(upn: str, code: str) -> UpdateOne:
        key = {"school_urn": SCHOOL, "upn": upn, "date": "2026-01-12", "session": "AM"}
        return UpdateOne(key, {"$set": {"code": code}}, upsert=True)

    upns = [f"K8201234560{n:02d}" for n in range(10)]
    created = await db.marks.bulk_write([upsert(upn, "/") for upn in upns], ordered=False)
    resent = await db.marks.bulk_write([upsert(upn, "/") for upn in upns], ordered=False)
    amended = await db.marks.bulk_write([upsert(upns[0], "I")], ordered=False)

    assert created.upserted_count == 10
    assert resent.upserted_count == 0 and resent.modified_count == 0
    assert amended.matched_count == 1 and amended.modified_count == 1
    assert await db.marks.count_documents({}) == 10
    assert await db.marks.count_documents({"code": "I"}) == 1


async def test_a_unique_compound_index_refuses_a_second_mark_for_the_same_session(
    db: AsyncDatabase[Document],
) -> None:
    await db.marks.create_index(
        [("school_urn", ASCENDING), ("upn", ASCENDING), ("date", ASCENDING),
         ("session", ASCENDING)],
        unique=True, name="one_mark_per_session",
    )
    mark = {"school_urn": SCHOOL, "upn": UPN, "date": "2026-01-12", "session": "AM"}
    await db.marks.insert_one({**mark, "code": "/"})
    await db.marks.insert_one({**mark, "session": "PM", "code": "/"})

    with pytest.raises(DuplicateKeyError):
        await db.marks.insert_one({**mark, "code": "N"})
    assert await db.marks.count_documents({}) == 2


async def test_of_two_writers_claiming_the_same_next_version_exactly_one_wins(
    db: AsyncDatabase[Document],
) -> None:
    """A compare-and-set that holds on MongoDB and FerretDB alike.

    FerretDB 1.24 applies a filtered update as a read and then a write, so a version
    filter alone does not stop two connections from both matching. A unique key does:
    each writer claims the next version by inserting it, and the store's primary key
    lets exactly one claim in; the loser sees DuplicateKeyError and must re-read.
    """
    key = f"{SCHOOL}:{UPN}"
    await db.state.insert_one({"_id": key, "version": 1, "absent": 0})

    async def claim_next_version(writer: str, seen: Document, absent: int) -> bool:
        try:
            await db.claims.insert_one({"_id": f"{key}@{seen['version'] + 1}", "writer": writer})
        except DuplicateKeyError:
            return False
        await db.state.update_one({"_id": key}, {"$set": {"absent": absent},
                                                 "$inc": {"version": 1}})
        return True

    for _round in range(10):
        seen_by_a = await db.state.find_one({"_id": key})
        seen_by_b = await db.state.find_one({"_id": key})
        assert seen_by_a is not None and seen_by_a == seen_by_b
        won = await asyncio.gather(claim_next_version("a", seen_by_a, 1),
                                   claim_next_version("b", seen_by_b, 7))
        assert sorted(won) == [False, True]

    stored = await db.state.find_one({"_id": key})
    assert stored is not None and stored["version"] == 11
    assert await db.claims.count_documents({}) == 10
