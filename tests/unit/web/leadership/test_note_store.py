"""The in-memory note store keeps the behaviour the Mongo store is held to."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from services.web.leadership.notes import InMemoryNoteStore, NoteStore
from tests.unit.web.leadership.note_store_behaviour import BEHAVIOURS


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.__name__)
async def test_the_in_memory_note_store(
        behaviour: Callable[[NoteStore], Awaitable[None]]) -> None:
    await behaviour(InMemoryNoteStore())
