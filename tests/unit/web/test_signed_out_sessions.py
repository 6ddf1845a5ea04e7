"""The in-memory store of signed-out sessions keeps the behaviour the Mongo one is held to."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from services.web.signed_out import InMemorySignedOutSessions, SignedOutSessions
from tests.unit.web.signed_out_behaviour import BEHAVIOURS


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.__name__)
async def test_the_in_memory_store_of_signed_out_sessions(
        behaviour: Callable[[SignedOutSessions], Awaitable[None]]) -> None:
    await behaviour(InMemorySignedOutSessions())
