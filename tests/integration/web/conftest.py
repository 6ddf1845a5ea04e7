"""The web service against the real store (FerretDB here, MongoDB in production)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from shared.config import MongoSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.mongo import create_client


@pytest.fixture
async def web_database(infra: Endpoints, unique_name: str
                       ) -> AsyncIterator[AsyncDatabase[dict[str, Any]]]:
    """A database of the test's own, dropped afterwards."""
    client = create_client(MongoSettings(uri=infra.mongodb_uri))
    database = client[f"it_web_{unique_name}"]
    yield database
    await client.drop_database(database.name)
    await client.close()
