"""The in-memory read-model store keeps the same promises as the MongoDB adapter."""

from __future__ import annotations

import pytest

from services.web.memory_store import InMemoryReadModelStore
from tests.unit.web.store_behaviour import ReadModelStoreBehaviour


class TestInMemoryReadModelStore(ReadModelStoreBehaviour):
    @pytest.fixture
    def store(self) -> InMemoryReadModelStore:
        return InMemoryReadModelStore()
