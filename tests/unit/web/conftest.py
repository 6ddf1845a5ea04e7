"""The web app with in-memory parts: the read-model store's twin and a token table."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI

from services.web.access import WebContext
from services.web.app import Running, create_app
from services.web.audit import InMemoryAuditLog
from services.web.auth import SessionCodec
from services.web.memory_store import InMemoryReadModelStore
from services.web.oidc import OidcProvider
from services.web.settings import StaffLoginSettings
from services.web.staff import StaffDirectory
from services.web.views import ReadViews
from shared.infra.tokens import TokenGrant
from tests.unit.web import records
from tests.unit.web.store_behaviour import TOPICS, feed

STAFF_USER, STAFF_PASSWORD = "office", "unit-test-only-password"
# Plain HTTP to the loopback address, as the local demo runs: the one place session
# cookies are not marked Secure (anywhere else the client would not send them back).
LOCAL_BASE_URL = "http://127.0.0.1:8000"
READ_TOKEN = "att_read_token_for_100001"
INGEST_TOKEN = "att_ingest_token_for_100001"
NOW = datetime(2026, 9, 8, 15, 0, tzinfo=UTC)
TOKENS = {
    READ_TOKEN: TokenGrant("reader-100001", frozenset({records.URN}), "read"),
    INGEST_TOKEN: TokenGrant("mis-100001", frozenset({records.URN}), "ingest"),
}


def staff_settings() -> StaffLoginSettings:
    return StaffLoginSettings(admin_user=STAFF_USER, admin_password=STAFF_PASSWORD,
                              session_secret="unit-test-session-secret")


async def known_token(raw: str) -> TokenGrant | None:
    return TOKENS.get(raw)


@dataclass
class WebUnderTest:
    app: FastAPI
    client: httpx.AsyncClient
    store: InMemoryReadModelStore
    audit: InMemoryAuditLog

    async def sign_in(self, user: str = STAFF_USER, password: str = STAFF_PASSWORD,
                      next_path: str = "/schools") -> httpx.Response:
        form = await self.client.get("/sign-in")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        return await self.client.post("/sign-in", data={
            "username": user, "password": password, "csrf_token": token.group(1),
            "next": next_path})


def web_app(store: InMemoryReadModelStore, staff: StaffDirectory | None = None,
            oidc: OidcProvider | None = None) -> FastAPI:
    settings = staff_settings()
    context = WebContext(store=store, views=ReadViews(store, lambda: NOW.date()),
                         staff=staff or StaffDirectory.from_settings(
                             STAFF_USER, STAFF_PASSWORD, None),
                         sessions=SessionCodec(settings), verify_token=known_token,
                         now=lambda: NOW, oidc=oidc)

    @asynccontextmanager
    async def start() -> AsyncIterator[Running]:
        async def healthy() -> dict[str, bool]:
            return {"kafka": True, "store": True}
        yield Running(context, healthy)

    return create_app(start)


@pytest.fixture
async def store() -> InMemoryReadModelStore:
    """The small school of tests.unit.web.records: settings, roster and marks."""
    filled = InMemoryReadModelStore()
    await feed(filled, (TOPICS.schools, records.school_settings()),
               *[(TOPICS.pupils, p) for p in records.school_pupils()],
               *[(TOPICS.marks, m) for m in records.school_marks()])
    return filled


@pytest.fixture
async def web(store: InMemoryReadModelStore) -> AsyncIterator[WebUnderTest]:
    app = web_app(store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL_BASE_URL) as c:
            yield WebUnderTest(app, c, store, app.state.web.audit)
