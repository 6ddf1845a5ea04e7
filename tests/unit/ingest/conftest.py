"""The intake app wired to in-memory adapters, with a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from services.ingest.app import create_app
from services.ingest.intake import IntakeDeps
from services.ingest.memory import MemoryCalendars, MemoryGrants, MemoryPublisher, MemoryRoster
from services.ingest.service import IngestService
from services.ingest.settings import IntakeTopics
from shared.infra.tokens import TokenGrant
from tests.unit.ingest.records import NOW, SCHOOL_A

TOKEN_A = "token-for-school-a"
READ_TOKEN = "token-to-read"
LIMIT = 1_000_000


@dataclass
class Intake:
    client: TestClient
    publisher: MemoryPublisher
    roster: MemoryRoster
    topics: IntakeTopics
    calendars: MemoryCalendars

    def post(self, path: str, token: str | None = TOKEN_A, **kwargs: Any) -> httpx.Response:
        return self.client.post(path, headers=_auth(token, kwargs), **kwargs)

    def put(self, path: str, token: str | None = TOKEN_A, **kwargs: Any) -> httpx.Response:
        return self.client.put(path, headers=_auth(token, kwargs), **kwargs)

    def values(self, topic: str) -> list[dict[str, Any]]:
        return [message.value for message in self.publisher.on(topic)]


def _auth(token: str | None, kwargs: dict[str, Any]) -> dict[str, str]:
    headers: dict[str, str] = kwargs.pop("headers", {})
    return {**headers, "Authorization": f"Bearer {token}"} if token else headers


@pytest.fixture
def intake() -> Iterator[Intake]:
    publisher, roster, topics = MemoryPublisher(), MemoryRoster(), IntakeTopics()
    calendars = MemoryCalendars()
    grants = MemoryGrants({
        TOKEN_A: TokenGrant("Example MIS", frozenset({SCHOOL_A}), "ingest"),
        READ_TOKEN: TokenGrant("Example reader", frozenset({SCHOOL_A}), "read"),
    })
    service = IngestService(IntakeDeps(publisher, roster, calendars, lambda: NOW, topics),
                            grants, LIMIT)

    @asynccontextmanager
    async def factory() -> AsyncIterator[IngestService]:
        yield service

    with TestClient(create_app(factory)) as client:
        yield Intake(client, publisher, roster, topics, calendars)
