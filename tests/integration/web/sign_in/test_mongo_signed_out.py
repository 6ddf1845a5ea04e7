"""Signed-out sessions in the real store (FerretDB here): the same behaviour as the twin."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.web.signed_out import MongoSignedOutSessions, SignedOutSessions
from tests.unit.web.signed_out_behaviour import BEHAVIOURS


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.__name__)
async def test_the_mongo_store_of_signed_out_sessions(
        behaviour: Callable[[SignedOutSessions], Awaitable[None]],
        web_database: AsyncDatabase[dict[str, Any]]) -> None:
    await behaviour(MongoSignedOutSessions(web_database))
