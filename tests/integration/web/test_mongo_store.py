"""The MongoDB read-model store keeps the same promises as its in-memory twin."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.web.mongo_store import MongoReadModelStore
from tests.unit.web import records
from tests.unit.web.records import BEN
from tests.unit.web.store_behaviour import ReadModelStoreBehaviour, codes_of, feed, marks

pytestmark = pytest.mark.infra


class TestMongoReadModelStore(ReadModelStoreBehaviour):
    @pytest.fixture
    def store(self, web_database: AsyncDatabase[dict[str, Any]]) -> MongoReadModelStore:
        return MongoReadModelStore(web_database)


async def test_a_second_web_process_sees_amendments_made_through_the_first(
        web_database: AsyncDatabase[dict[str, Any]]) -> None:
    writer, reader = MongoReadModelStore(web_database), MongoReadModelStore(web_database)
    await feed(writer, *marks(records.mark(BEN, "2026-09-03", "AM", "N",
                                           "2026-09-03T09:05:00+01:00"),
                              records.present(BEN, "2026-09-03", "PM")))
    assert await codes_of(reader, BEN) == {("2026-09-03", "AM"): "N", ("2026-09-03", "PM"): "\\"}
    await feed(writer, *marks(records.mark(BEN, "2026-09-03", "AM", "I",
                                           "2026-09-03T11:30:00+01:00")))
    assert await codes_of(reader, BEN) == {("2026-09-03", "AM"): "I", ("2026-09-03", "PM"): "\\"}
