"""The office log on the real store (FerretDB here) behaves as its in-memory twin."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.web.records.log import OfficeLog
from services.web.records.mongo_log import MongoOfficeLog
from tests.unit.web.office_records.log_behaviour import BEHAVIOURS

pytestmark = pytest.mark.infra


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.__name__)
async def test_the_office_log_on_the_real_store(
        behaviour: Callable[[OfficeLog], Awaitable[None]],
        web_database: AsyncDatabase[dict[str, Any]]) -> None:
    await behaviour(MongoOfficeLog(web_database))
