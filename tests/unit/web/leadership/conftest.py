"""The web app with in-memory parts and staff of every role that leadership pages serve."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from services.web.memory_store import InMemoryReadModelStore
from services.web.staff import StaffDirectory
from shared.infra.staff_accounts import StaffAccountEntry, hash_password
from tests.unit.web import records
from tests.unit.web.conftest import LOCAL_BASE_URL, web_app

PASSWORD = "a staff password for tests"
_HASH = hash_password(PASSWORD)


def account(user: str, role: str, schools: list[str] | str) -> StaffAccountEntry:
    return StaffAccountEntry.model_validate({
        "user": user, "display_name": user.title(), "role": role, "schools": schools,
        "password_hash": _HASH})


ACCOUNTS = [account("lead", "attendance_lead", [records.URN]),
            account("teacher", "teacher", [records.URN]),
            account("governor", "governor", [records.URN]),
            account("other.lead", "attendance_lead", [records.OTHER_URN]),
            account("central", "trust_central", "*")]


@dataclass
class Staff:
    """Signs in as a member of staff and reads the session's CSRF token from a page."""

    client: httpx.AsyncClient

    async def sign_in(self, user: str) -> None:
        form = await self.client.get("/sign-in")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        answer = await self.client.post("/sign-in", data={
            "username": user, "password": PASSWORD, "csrf_token": token.group(1)})
        assert answer.status_code == 303, answer.text

    @staticmethod
    def hidden(page: str, name: str) -> str:
        found = re.search(rf'name="{name}" value="([^"]*)"', page)
        assert found is not None, f"no {name} on the page"
        return found.group(1)


@pytest.fixture
async def staff(store: InMemoryReadModelStore) -> AsyncIterator[Staff]:
    app = web_app(store, StaffDirectory(ACCOUNTS))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL_BASE_URL) as c:
            yield Staff(c)
