"""A comms database of its own on the real store, dropped after each test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from shared.config import MongoSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.mongo import create_client
from tests.integration.comms.live import live  # noqa: F401  (the `live` fixture)


@pytest.fixture
async def comms_db(infra: Endpoints, unique_name: str) -> AsyncIterator[
        AsyncDatabase[dict[str, Any]]]:
    client = create_client(MongoSettings(uri=infra.mongodb_uri))
    name = f"comms_test_{unique_name}"
    try:
        yield client[name]
    finally:
        await client.drop_database(name)
        await client.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """These tests run the comms service against the real Kafka and store; one that
    waits on something that never comes fails within 90 s with the stacks of every
    thread, rather than holding the whole run until the global timeout."""
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.timeout(90))
