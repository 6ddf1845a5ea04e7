"""What every store of signed-out sessions must do; run against the in-memory twin and
the Mongo store."""

from __future__ import annotations

from services.web.signed_out import SignedOutSessions

HOUR = 3600.0
NOW = 1_788_000_000.0


async def a_signed_out_session_is_known_and_others_are_not(store: SignedOutSessions) -> None:
    await store.add("session-a", until=NOW + HOUR, now=NOW)
    assert await store.contains("session-a")
    assert not await store.contains("session-b")


async def signing_out_twice_is_the_same_as_once(store: SignedOutSessions) -> None:
    await store.add("session-a", until=NOW + HOUR, now=NOW)
    await store.add("session-a", until=NOW + HOUR, now=NOW + 1)
    assert await store.contains("session-a")


async def sessions_whose_cookies_expired_are_forgotten(store: SignedOutSessions) -> None:
    await store.add("session-old", until=NOW + HOUR, now=NOW)
    await store.add("session-new", until=NOW + 3 * HOUR, now=NOW + 2 * HOUR)
    assert not await store.contains("session-old")  # its cookie is refused as stale anyway
    assert await store.contains("session-new")


BEHAVIOURS = [a_signed_out_session_is_known_and_others_are_not,
              signing_out_twice_is_the_same_as_once,
              sessions_whose_cookies_expired_are_forgotten]
