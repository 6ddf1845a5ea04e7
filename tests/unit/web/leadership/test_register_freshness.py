"""While registers are being taken, leaders' registers may trail the newest mark by up to
30 seconds, so staff reloading never wait on a rebuild for every mark."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from services.web.leadership.loading import REGISTER_MAX_AGE_S, RegisterCache
from services.web.memory_store import InMemoryReadModelStore
from services.web.staff import StaffDirectory
from tests.unit.web import records
from tests.unit.web.conftest import LOCAL_BASE_URL, web_app
from tests.unit.web.leadership.conftest import ACCOUNTS, Staff
from tests.unit.web.store_behaviour import feed, marks

REGISTER = f"/api/v1/schools/{records.URN}/risk-register"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def lead(store: InMemoryReadModelStore, clock: Clock) -> AsyncIterator[Staff]:
    app = web_app(store, StaffDirectory(ACCOUNTS))
    app.state.leadership_cache = RegisterCache(clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL_BASE_URL) as client:
            staff = Staff(client)
            await staff.sign_in("lead")
            yield staff


async def bens_row(staff: Staff) -> dict[str, Any]:
    answer = await staff.client.get(REGISTER)
    assert answer.status_code == 200, answer.text
    return next(p for p in answer.json()["pupils"] if p["given_name"] == "Ben")


async def test_a_new_mark_shows_on_the_register_within_30_seconds_not_on_every_reload(
        lead: Staff, store: InMemoryReadModelStore, clock: Clock) -> None:
    before = await bens_row(lead)
    # Ben's Tuesday afternoon register comes in: present.
    await feed(store, *marks(records.present(records.BEN, "2026-09-08", "PM")))
    clock.now += 5
    assert await bens_row(lead) == before  # the register built 5 s ago still serves
    clock.now += REGISTER_MAX_AGE_S
    after = await bens_row(lead)
    assert after != before and after["possible"] == before["possible"] + 1


async def test_the_page_says_when_its_figures_were_worked_out(lead: Staff) -> None:
    page = await lead.client.get(f"/schools/{records.URN}/risk-register")
    assert "worked out at" in page.text and "up to 30 seconds behind" in page.text
