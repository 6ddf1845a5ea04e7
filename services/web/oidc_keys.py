"""The identity provider's signing keys (its JWKS), kept between sign-ins.

Providers rotate their keys (Microsoft Entra ID and Google every few weeks): a token
signed with a new key names a key id (`kid`) we do not hold yet. Then the key set is
fetched again, but at most once a minute, so tokens naming made-up key ids cannot make
this service hammer the provider.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import KeySet

# The least time between two fetches of the key set.
REFETCH_AFTER_S = 60.0

FetchJson = Callable[[str], Awaitable[dict[str, Any]]]


class KeySetError(Exception):
    """The provider's published key set could not be read; the message is safe to show."""


class ProviderKeys:
    """The key set last fetched from `jwks_uri`, and when it was fetched."""

    def __init__(self, fetch_json: FetchJson, clock: Callable[[], float] = time.monotonic,
                 refetch_after_s: float = REFETCH_AFTER_S) -> None:
        self._fetch_json = fetch_json
        self._clock = clock
        self._refetch_after_s = refetch_after_s
        self._keys: KeySet | None = None
        self._fetched_at: float | None = None
        # Sign-ins arriving together with the same new key share one fetch.
        self._lock = asyncio.Lock()

    async def current(self, jwks_uri: str) -> KeySet:
        """The keys held, fetched first if none are."""
        async with self._lock:
            if self._keys is None:
                await self._fetch(jwks_uri)
            assert self._keys is not None
            return self._keys

    async def refreshed(self, jwks_uri: str) -> KeySet | None:
        """The keys fetched again, or None when they were fetched less than a minute ago
        (the caller then refuses the token: the provider has no newer keys to give)."""
        async with self._lock:
            if (self._fetched_at is not None
                    and self._clock() - self._fetched_at < self._refetch_after_s):
                return None
            await self._fetch(jwks_uri)
            assert self._keys is not None
            return self._keys

    async def _fetch(self, jwks_uri: str) -> None:
        # Counted as a fetch even when it fails: a provider that is down is not asked
        # again for every sign-in.
        self._fetched_at = self._clock()
        published: Any = await self._fetch_json(jwks_uri)
        try:
            self._keys = KeySet.import_key_set(published)
        except (JoseError, ValueError, TypeError, KeyError) as error:
            raise KeySetError(f"the identity provider's published keys could not be read "
                              f"({type(error).__name__})") from None
