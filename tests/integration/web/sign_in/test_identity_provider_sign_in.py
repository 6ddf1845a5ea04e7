"""Signing in through the school's identity provider (OpenID Connect) over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.parse import urlparse

import httpx
import pytest

from services.web.auth import SESSION_COOKIE
from services.web.memory_store import InMemoryReadModelStore
from services.web.oidc import OidcProvider, OidcSettings
from services.web.staff import StaffDirectory
from shared.infra.staff_accounts import StaffAccountEntry
from tests.integration.web.sign_in.identity_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    IdentityProvider,
)
from tests.unit.web import records
from tests.unit.web.conftest import LOCAL_BASE_URL, web_app

HEAD = StaffAccountEntry(user="head", display_name="Mrs Example (head)", role="head_teacher",
                         schools=[records.URN], email="Head@School.example")


@dataclass
class Clock:
    """The web service's clock for pacing key fetches; a test moves it on."""

    seconds: float = 1000.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture
def provider() -> Iterator[IdentityProvider]:
    running = IdentityProvider()
    yield running
    running.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def client(provider: IdentityProvider, clock: Clock
                 ) -> AsyncIterator[httpx.AsyncClient]:
    settings = OidcSettings(issuer=provider.state.issuer, client_id=CLIENT_ID,
                            client_secret=CLIENT_SECRET, provider_name="Microsoft",
                            public_base_url=LOCAL_BASE_URL)
    app = web_app(InMemoryReadModelStore(), StaffDirectory([HEAD]),
                  OidcProvider(settings, clock=clock))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL_BASE_URL) as c:
            yield c


async def sign_in_through_provider(client: httpx.AsyncClient,
                                   tamper_state: bool = False) -> httpx.Response:
    """Follow the browser's path: our start page, the provider, back to our callback."""
    start = await client.get("/sign-in/oidc", params={"next": "/schools"})
    assert start.status_code == 303
    async with httpx.AsyncClient() as browser:
        at_provider = await browser.get(start.headers["location"])
    assert at_provider.status_code == 303
    back = urlparse(at_provider.headers["location"])
    query = back.query.replace("state=", "state=x") if tamper_state else back.query
    return await client.get(f"{back.path}?{query}")


async def test_the_sign_in_page_offers_the_schools_identity_provider(
        client: httpx.AsyncClient) -> None:
    page = await client.get("/sign-in")
    assert "Sign in with Microsoft" in page.text


async def test_a_member_of_staff_signs_in_through_the_provider_with_their_role(
        client: httpx.AsyncClient) -> None:
    answer = await sign_in_through_provider(client)
    assert answer.status_code == 303 and answer.headers["location"] == "/schools"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    schools = await client.get("/schools")
    assert schools.status_code == 200 and "Mrs Example (head)" in schools.text
    assert "Head teacher" in schools.text


async def test_someone_without_a_staff_account_is_refused(
        client: httpx.AsyncClient, provider: IdentityProvider) -> None:
    provider.state.email = "stranger@elsewhere.example"
    answer = await sign_in_through_provider(client)
    assert answer.status_code == 401 and "not set up for these pages" in answer.text
    assert (await client.get("/schools")).status_code == 303


async def test_a_callback_with_a_forged_state_is_refused(client: httpx.AsyncClient) -> None:
    answer = await sign_in_through_provider(client, tamper_state=True)
    assert answer.status_code == 401 and "did not start here" in answer.text


async def test_an_id_token_for_another_application_is_refused(
        client: httpx.AsyncClient, provider: IdentityProvider) -> None:
    provider.state.audience = "some-other-app"
    answer = await sign_in_through_provider(client)
    await assert_refused_without_a_session(client, answer,
                                           "it was issued for another application")


async def assert_refused_without_a_session(client: httpx.AsyncClient, answer: httpx.Response,
                                           reason: str) -> None:
    assert answer.status_code == 401, answer.text
    assert "Signing in through Microsoft failed: the ID token was not valid" in answer.text
    assert reason in answer.text
    assert not any(cookie.startswith(SESSION_COOKIE + "=") and "Max-Age=0" not in cookie
                   for cookie in answer.headers.get_list("set-cookie"))
    assert (await client.get("/schools")).status_code == 303  # still signed out


async def test_a_rotated_signing_key_is_fetched_and_sign_in_works_without_a_restart(
        client: httpx.AsyncClient, provider: IdentityProvider, clock: Clock) -> None:
    assert (await sign_in_through_provider(client)).status_code == 303
    client.cookies.clear()
    provider.rotate_key("rotated-key")
    clock.advance(3600)
    answer = await sign_in_through_provider(client)
    assert answer.status_code == 303, answer.text
    assert "Mrs Example (head)" in (await client.get("/schools")).text
    assert provider.state.jwks_requests == 2


async def test_the_keys_are_fetched_again_at_most_once_a_minute(
        client: httpx.AsyncClient, provider: IdentityProvider, clock: Clock) -> None:
    assert (await sign_in_through_provider(client)).status_code == 303
    client.cookies.clear()
    provider.rotate_key("rotated-key")
    clock.advance(10)
    for _ in range(3):
        answer = await sign_in_through_provider(client)
        await assert_refused_without_a_session(
            client, answer, "signed with a key the identity provider does not publish")
    assert provider.state.jwks_requests == 1
    clock.advance(51)
    assert (await sign_in_through_provider(client)).status_code == 303
    assert provider.state.jwks_requests == 2


async def test_an_id_token_with_another_sign_ins_nonce_is_refused(
        client: httpx.AsyncClient, provider: IdentityProvider) -> None:
    provider.state.nonce = "the-nonce-of-another-sign-in"
    answer = await sign_in_through_provider(client)
    await assert_refused_without_a_session(client, answer, "not issued for this sign-in")


async def test_an_expired_id_token_is_refused(
        client: httpx.AsyncClient, provider: IdentityProvider) -> None:
    provider.state.lifetime_s = -600
    answer = await sign_in_through_provider(client)
    await assert_refused_without_a_session(client, answer, "it has expired; please sign in "
                                                           "again")


async def test_an_id_token_with_a_bad_signature_is_refused(
        client: httpx.AsyncClient, provider: IdentityProvider) -> None:
    provider.state.forge_signature = True
    answer = await sign_in_through_provider(client)
    await assert_refused_without_a_session(
        client, answer, "signature does not match the identity provider&#39;s published key")
    assert provider.state.jwks_requests == 1  # a known key id: no fetch again
