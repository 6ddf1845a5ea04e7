"""Sign-in throttling: repeated failures for one account or from one address slow down.

After MAX_FAILURES failed attempts within WINDOW_S for the same user name, further
attempts for that account are refused until the oldest failure ages out (15 minutes at
most). An address is paused only after ADDRESS_MAX_FAILURES, across accounts: staff
share a school's address, so one person's typos must not lock out the office.
Kept in the process: each web replica throttles on its own, which still caps guessing
at a few attempts per window per replica.
"""

from __future__ import annotations

from collections import defaultdict, deque

MAX_FAILURES = 5
ADDRESS_MAX_FAILURES = 30
WINDOW_S = 15 * 60.0
ADDRESS_PREFIX = "address:"


class SignInThrottle:
    """Counts recent failures per key (user name, client address)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_S,
                 address_max_failures: int = ADDRESS_MAX_FAILURES) -> None:
        self._max = max_failures
        self._address_max = address_max_failures
        self._window = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and now - failures[0] >= self._window:
            failures.popleft()
        return failures

    def wait_seconds(self, keys: list[str], now: float) -> float:
        """0 when an attempt may go ahead; otherwise how long until one may."""
        waits = [self._window - (now - recent[0]) for key in keys
                 if len(recent := self._recent(key, now)) >= self._limit(key)]
        return max(waits, default=0.0)

    def _limit(self, key: str) -> int:
        return self._address_max if key.startswith(ADDRESS_PREFIX) else self._max

    def failed(self, keys: list[str], now: float) -> None:
        for key in keys:
            self._recent(key, now).append(now)

    def succeeded(self, keys: list[str]) -> None:
        for key in keys:
            self._failures.pop(key, None)
