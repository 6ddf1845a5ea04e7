"""The demo's members of staff at the web service, signed in as a browser is: they record
what a parent asked for and read the letters queue and the office's lists, through the
same pages and endpoints staff use, so the demo shows only what the services did.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
# A row of the letters queue: its kind (e.g. "attendance leaflet") and its pupil's link.
LETTER_ROW = re.compile(r'<td>([a-z][a-z ]*)</td>\s*<td><a href="/schools/[^/"]+/pupils/'
                        r'([^"]+)">')
POLL_S = 2.0
STEADY_READINGS = 3
T = TypeVar("T")


class StaffError(RuntimeError):
    """The web service refused the demo's member of staff; says what it answered."""


@dataclass(frozen=True)
class SignIn:
    user: str
    password: str


async def sign_in(client: httpx.AsyncClient, login: SignIn) -> None:
    """Sign in on the sign-in page; the client keeps the session cookie."""
    form = await client.get("/sign-in")
    answer = await client.post("/sign-in", data={
        "username": login.user, "password": login.password,
        "csrf_token": _csrf(form, "/sign-in"), "next": "/schools"})
    if answer.status_code != 303:
        raise StaffError(f"signing in as {login.user} was refused ({answer.status_code}); "
                         "the demo's accounts file may have been replaced")


async def csrf_token(client: httpx.AsyncClient, page: str) -> str:
    """The session's form token, read from a page with a form on it."""
    return _csrf(await client.get(page), page)


def _csrf(page: httpx.Response, path: str) -> str:
    found = CSRF_FIELD.search(page.text)
    if page.status_code != 200 or found is None:
        raise StaffError(f"GET {path} answered {page.status_code} without a form token; "
                         "is the web service up and the account allowed there?")
    return found.group(1)


async def record(client: httpx.AsyncClient, school_urn: str, upn: str, token: str,
                 body: dict[str, Any]) -> dict[str, Any]:
    """Record an office record through the recording endpoint (202: published)."""
    answer = await client.post(f"/api/v1/schools/{school_urn}/pupils/{upn}/records",
                               json=body, headers={"X-CSRF-Token": token})
    if answer.status_code != 202:
        raise StaffError(f"recording a {body.get('kind')} at school {school_urn} answered "
                         f"{answer.status_code}: {answer.text[:300]}")
    recorded: dict[str, Any] = answer.json()
    return recorded


async def letters(client: httpx.AsyncClient, school_urn: str) -> list[tuple[str, str]]:
    """(kind, UPN) of every letter in the school's letters queue, as the page lists them."""
    page = await client.get(f"/schools/{school_urn}/letters")
    if page.status_code != 200:
        raise StaffError(f"the letters queue of school {school_urn} answered "
                         f"{page.status_code}")
    return LETTER_ROW.findall(page.text)


async def call_tasks(client: httpx.AsyncClient, school_urn: str,
                     day: str) -> list[dict[str, Any]]:
    """The call tasks on the school's second-calls list for `day` (YYYY-MM-DD)."""
    answer = await client.get(f"/api/v1/schools/{school_urn}/office/second-calls",
                              params={"day": day})
    if answer.status_code != 200:
        raise StaffError(f"the second-calls list of school {school_urn} answered "
                         f"{answer.status_code}")
    tasks: list[dict[str, Any]] = answer.json().get("call_tasks", [])
    return tasks


async def poll(read: Callable[[], Awaitable[T]], done: Callable[[T], bool],
                  timeout_s: float) -> T:
    """Read until `done` says so or the time is up; the last reading either way."""
    deadline = time.monotonic() + timeout_s
    value = await read()
    while not done(value) and time.monotonic() < deadline:
        await asyncio.sleep(POLL_S)
        value = await read()
    return value


async def letters_of_kind(client: httpx.AsyncClient, school_urns: Iterable[str],
                          kind: str, timeout_s: float) -> Counter[str]:
    """Letters of `kind` per school once every school has some and the counts have not
    moved for STEADY_READINGS readings (comms adds them school by school, the web
    service shows them in batches), or at the timeout."""
    urns = list(school_urns)
    readings: list[Counter[str]] = []

    async def count() -> Counter[str]:
        return Counter({urn: sum(1 for found, _ in await letters(client, urn) if found == kind)
                        for urn in urns})

    def settled(counts: Counter[str]) -> bool:
        readings.append(counts)
        recent = readings[-STEADY_READINGS:]
        return (len(recent) == STEADY_READINGS and all(r == counts for r in recent)
                and all(counts[urn] for urn in urns))

    return await poll(count, settled, timeout_s)


def count_letters(web_url: str, reader: SignIn, school_urns: Iterable[str], kind: str,
                  timeout_s: float) -> Counter[str]:
    """`letters_of_kind` from the demo's (synchronous) steps, signed in as `reader`."""
    async def read() -> Counter[str]:
        async with httpx.AsyncClient(base_url=web_url, timeout=60.0) as client:
            await sign_in(client, reader)
            return await letters_of_kind(client, school_urns, kind, timeout_s)

    return asyncio.run(read())
