"""In-memory twins of the risk service's ports, with the same version-check semantics.

Used by unit tests and simulations; every await yields, so concurrent engines interleave
the way they would against a real store.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from services.risk.ports import OutboxEntry, SchoolDay, StoredPupil
from services.risk.rules import SchoolContext
from shared.kernel.calendar import SchoolCalendar


class InMemoryPupilStore:
    """PupilStore in a dict; counts reads and writes so tests can check batching."""

    def __init__(self) -> None:
        self.pupils: dict[str, StoredPupil] = {}
        self.reads = 0
        self.writes = 0

    async def load(self, keys: Sequence[str]) -> dict[str, StoredPupil]:
        await asyncio.sleep(0)
        self.reads += 1
        return {key: self.pupils[key] for key in keys if key in self.pupils}

    async def school_keys(self, school_urn: str) -> list[str]:
        await asyncio.sleep(0)
        self.reads += 1
        return sorted(key for key, pupil in self.pupils.items()
                      if pupil.state.school_urn == school_urn)

    async def write(self, pupils: Sequence[StoredPupil]) -> set[str]:
        await asyncio.sleep(0)
        self.writes += 1
        lost = set()
        for pupil in pupils:
            held = self.pupils.get(pupil.key)
            if (held.version if held else 0) != pupil.version:
                lost.add(pupil.key)
                continue
            kept = {i: e for i, e in (held.outbox if held else {}).items()
                    if i not in pupil.published}
            outbox = {**kept, **pupil.new_outbox}
            self.pupils[pupil.key] = replace(pupil, version=pupil.version + 1, outbox=outbox,
                                             new_outbox={}, published=frozenset(),
                                             loaded=None)
        return lost

    async def clear_outbox(self, published: Mapping[str, Sequence[str]]) -> None:
        await asyncio.sleep(0)
        for key, ids in published.items():
            held = self.pupils[key]
            outbox = {i: entry for i, entry in held.outbox.items() if i not in ids}
            self.pupils[key] = replace(held, outbox=outbox)

    async def staged_before(self, moment: datetime) -> dict[str, dict[str, OutboxEntry]]:
        stale = {key: {i: e for i, e in pupil.outbox.items() if e["staged_at"] < moment}
                 for key, pupil in self.pupils.items()}
        return {key: entries for key, entries in stale.items() if entries}


class InMemorySchoolStore:
    """SchoolStore in dicts."""

    def __init__(self, contexts: Mapping[str, SchoolContext] | None = None) -> None:
        self.settings: dict[str, SchoolContext] = dict(contexts or {})
        self.days: dict[str, set[date]] = {}
        self.register_close_am: dict[str, str] = {}

    async def contexts(self, urns: Sequence[str]) -> dict[str, SchoolContext]:
        return {urn: self.settings[urn] for urn in urns if urn in self.settings}

    async def add_days(self, days: Mapping[str, set[date]]) -> None:
        for urn, school_days in days.items():
            self.days.setdefault(urn, set()).update(school_days)

    async def register_day(self, school_urn: str) -> SchoolDay:
        context = self.settings.get(school_urn, SchoolContext())
        if context.calendar is None:
            calendar = SchoolCalendar.inferred(self.days.get(school_urn, set()))
            context = SchoolContext(context.thresholds, calendar)
        return SchoolDay(context, self.register_close_am.get(school_urn, "09:00"))

    async def school_urns(self) -> list[str]:
        return sorted(set(self.settings) | set(self.days))


class InMemoryPublisher:
    """SignalPublisher into a list of (key, message), in publication order."""

    def __init__(self) -> None:
        self.published: list[tuple[str, dict[str, Any]]] = []

    async def publish(self, messages: Sequence[tuple[str, str]]) -> None:
        await asyncio.sleep(0)
        self.published.extend((key, json.loads(text)) for key, text in messages)

    def ids(self) -> list[str]:
        """Signal ids in publication order."""
        return [message["signal_id"] for _, message in self.published]

    async def published_ids(self, since: datetime, wanted: set[str]) -> set[str]:
        """The SignalLog port: which of `wanted` were published (at any time)."""
        return wanted & set(self.ids())
