"""Leaders' notes in the real store (FerretDB here): the same behaviour as the twin."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.web.leadership.mongo_notes import MongoNoteStore
from services.web.leadership.notes import NoteStore
from tests.unit.web.leadership.note_store_behaviour import BEHAVIOURS


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.__name__)
async def test_the_mongo_note_store(behaviour: Callable[[NoteStore], Awaitable[None]],
                                    web_database: AsyncDatabase[dict[str, Any]]) -> None:
    store = MongoNoteStore(web_database)
    await store.ensure_indexes()
    await behaviour(store)
