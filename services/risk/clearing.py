"""Signals published but not yet cleared from their pupils' outboxes.

Clearing costs a write per pupil, and during a backfill nearly every pupil is written
again by the next batch, so the clear rides along with that write. Whatever still waits
after a flush period is cleared in one bulk write. A crash before either leaves entries
that the outbox sweep finds already on the signals topic, so it never publishes twice.
"""

from __future__ import annotations

from collections.abc import Iterable


class PublishedNotCleared:
    """Per pupil key, the ids of signals published whose outbox entries remain."""

    def __init__(self) -> None:
        self._fresh: dict[str, set[str]] = {}
        self._waiting: dict[str, set[str]] = {}

    def add(self, key: str, ids: Iterable[str]) -> None:
        """Record that these signals of a pupil are on the topic now."""
        self._fresh.setdefault(key, set()).update(ids)

    def of(self, key: str) -> frozenset[str]:
        """What the pupil's next write should remove from its outbox."""
        return frozenset(self._fresh.get(key, set()) | self._waiting.get(key, set()))

    def cleared(self, key: str, ids: Iterable[str]) -> None:
        """These entries were removed by a write: nothing left to do for them."""
        done = set(ids)
        for bucket in (self._fresh, self._waiting):
            left = bucket.get(key, set()) - done
            if left:
                bucket[key] = left
            else:
                bucket.pop(key, None)

    def due(self, everything: bool = False) -> dict[str, list[str]]:
        """Entries that waited a whole flush period (or all of them): clear these now."""
        due = self._waiting
        if everything:
            for key, ids in self._fresh.items():
                due.setdefault(key, set()).update(ids)
            self._fresh = {}
        self._waiting, self._fresh = self._fresh, {}
        return {key: sorted(ids) for key, ids in due.items()}
