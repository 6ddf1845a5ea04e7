"""The web app with the office log's and the publisher's in-memory twins, and staff of
the roles that use the office pages (the desk signs in as the office)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from services.web.records.log import InMemoryOfficeLog
from services.web.records.publisher import InMemoryOfficePublisher
from services.web.staff import StaffDirectory
from tests.unit.web.accounts import PASSWORD, account
from tests.unit.web.conftest import WebUnderTest
from tests.unit.web.records import URN

ACCOUNTS = [account("office", "office", [URN]), account("teacher", "teacher", [URN]),
            account("lead", "attendance_lead", [URN]), account("head", "head_teacher", [URN])]


@dataclass
class Desk:
    """The signed-in member of staff's browser, and what the app stored and sent."""

    web: WebUnderTest
    log: InMemoryOfficeLog
    sent: InMemoryOfficePublisher

    @property
    def client(self) -> httpx.AsyncClient:
        return self.web.client

    async def sign_in(self, user: str) -> None:
        """Sign in afresh, as another member of staff."""
        self.client.cookies.clear()
        answer = await self.web.sign_in(user, PASSWORD)
        assert answer.status_code == 303, answer.text

    async def csrf(self, path: str = "/schools") -> str:
        page = await self.client.get(path)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None, page.text
        return token.group(1)


@pytest.fixture
async def desk(web: WebUnderTest) -> AsyncIterator[Desk]:
    log, sent = InMemoryOfficeLog(), InMemoryOfficePublisher()
    web.app.state.web = dataclasses.replace(web.app.state.web, activity=log, office_log=log,
                                            office_publisher=sent,
                                            staff=StaffDirectory(ACCOUNTS))
    desk = Desk(web, log, sent)
    await desk.sign_in("office")
    yield desk


def form_field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found is not None, f"no {name} on the page"
    return found.group(1)
