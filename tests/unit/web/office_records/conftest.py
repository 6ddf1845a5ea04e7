"""The web app with the office log's and the publisher's in-memory twins."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from services.web.records.log import InMemoryOfficeLog
from services.web.records.publisher import InMemoryOfficePublisher
from tests.unit.web.conftest import WebUnderTest


@dataclass
class Desk:
    """The signed-in member of staff's browser, and what the app stored and sent."""

    client: httpx.AsyncClient
    log: InMemoryOfficeLog
    sent: InMemoryOfficePublisher

    async def csrf(self, path: str = "/schools") -> str:
        page = await self.client.get(path)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None, page.text
        return token.group(1)


@pytest.fixture
async def desk(web: WebUnderTest) -> AsyncIterator[Desk]:
    log, sent = InMemoryOfficeLog(), InMemoryOfficePublisher()
    web.app.state.web = dataclasses.replace(web.app.state.web, activity=log, office_log=log,
                                            office_publisher=sent)
    signed_in = await web.sign_in()
    assert signed_in.status_code == 303
    yield Desk(web.client, log, sent)


def form_field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found is not None, f"no {name} on the page"
    return found.group(1)
