"""Session cookies as a browser receives them, and signing out.

Cookies are HttpOnly and SameSite=Lax, and Secure everywhere except plain HTTP to this
machine's loopback address (the local demo); behind a TLS proxy the app sees plain HTTP
with the school's public host name, and the cookies are Secure. Signing out ends the
session on the server: a copy of its cookie no longer signs anyone in.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http.cookies import Morsel, SimpleCookie

import httpx
import pytest

from services.web.auth import SESSION_COOKIE, SIGN_IN_COOKIE
from services.web.memory_store import InMemoryReadModelStore
from tests.unit.web.conftest import STAFF_PASSWORD, STAFF_USER, web_app


@asynccontextmanager
async def browser(store: InMemoryReadModelStore, base_url: str,
                  always_secure: bool = False) -> AsyncIterator[httpx.AsyncClient]:
    """A client that sends cookies only as the tests say (Cookie headers), so what the
    app set can be read whatever the address."""
    app = web_app(store)
    async with app.router.lifespan_context(app):
        app.state.web = dataclasses.replace(app.state.web, always_secure_cookies=always_secure)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url=base_url) as client:
            yield client


def cookies_set(response: httpx.Response) -> dict[str, Morsel[str]]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        jar.load(header)
    return dict(jar)


async def sign_in(client: httpx.AsyncClient) -> tuple[Morsel[str], Morsel[str]]:
    """Sign in as a browser would; the sign-in form's cookie and the session cookie."""
    client.cookies.clear()
    form = await client.get("/sign-in")
    form_cookie = cookies_set(form)[SIGN_IN_COOKIE]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = await client.post("/sign-in", data={
        "username": STAFF_USER, "password": STAFF_PASSWORD, "csrf_token": token.group(1)},
        headers={"cookie": f"{SIGN_IN_COOKIE}={form_cookie.value}"})
    assert answer.status_code == 303, answer.text
    return form_cookie, cookies_set(answer)[SESSION_COOKIE]


async def page_with(client: httpx.AsyncClient, session: str, path: str = "/schools"
                    ) -> httpx.Response:
    client.cookies.clear()
    return await client.get(path, headers={"cookie": f"{SESSION_COOKIE}={session}"})


@pytest.mark.parametrize("base_url", [
    "https://attendance.school.example",
    "http://attendance.school.example",  # TLS ends at a proxy that keeps the Host
    "https://127.0.0.1:8443",
])
async def test_cookies_are_secure_httponly_and_samesite_away_from_local_plain_http(
        store: InMemoryReadModelStore, base_url: str) -> None:
    async with browser(store, base_url) as client:
        for cookie in await sign_in(client):
            assert cookie["secure"] and cookie["httponly"]
            assert cookie["samesite"].lower() == "lax"


@pytest.mark.parametrize("base_url", [
    "http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000",
])
async def test_the_local_demo_over_plain_http_gets_cookies_it_can_send_back(
        store: InMemoryReadModelStore, base_url: str) -> None:
    async with browser(store, base_url) as client:
        form_cookie, session = await sign_in(client)
        assert not session["secure"] and not form_cookie["secure"]
        assert session["httponly"] and session["samesite"].lower() == "lax"
        assert (await page_with(client, session.value)).status_code == 200


async def test_the_setting_makes_cookies_secure_on_loopback_too(
        store: InMemoryReadModelStore) -> None:
    async with browser(store, "http://127.0.0.1:8000", always_secure=True) as client:
        for cookie in await sign_in(client):
            assert cookie["secure"]


async def test_signing_out_ends_the_session_even_for_a_copy_of_its_cookie(
        store: InMemoryReadModelStore) -> None:
    async with browser(store, "http://127.0.0.1:8000") as client:
        _, kept = await sign_in(client)
        _, elsewhere = await sign_in(client)  # the same person on another computer
        page = await page_with(client, kept.value)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert page.status_code == 200 and token is not None
        out = await client.post("/sign-out", data={"csrf_token": token.group(1)},
                                headers={"cookie": f"{SESSION_COOKIE}={kept.value}"})
        assert out.status_code == 303
        assert cookies_set(out)[SESSION_COOKIE]["max-age"] == "0"
        again = await page_with(client, kept.value)
        assert again.status_code == 303 and again.headers["location"].startswith("/sign-in")
        api = await page_with(client, kept.value, "/api/v1/schools")
        assert api.status_code == 401
        assert (await page_with(client, elsewhere.value)).status_code == 200
