"""The MongoDB read-model store keeps the same promises as its in-memory twin."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.web.mongo_store import MongoReadModelStore
from tests.unit.web.store_behaviour import ReadModelStoreBehaviour

pytestmark = pytest.mark.infra


class TestMongoReadModelStore(ReadModelStoreBehaviour):
    @pytest.fixture
    def store(self, web_database: AsyncDatabase[dict[str, Any]]) -> MongoReadModelStore:
        return MongoReadModelStore(web_database)
