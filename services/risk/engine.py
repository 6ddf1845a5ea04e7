"""The risk engine: batches of pupil events -> state and outbox in one write -> signals.

For a batch: group the events per pupil (arrival order kept), then, `pupils_at_once`
pupils at a time, load them in one read, apply each pupil's events one by one with pure
functions, write every changed pupil in one version-checked write (a lost race re-reads
and re-applies that pupil), then publish the signals staged in the outbox. A pupil's
state with a year of marks takes some 100 kB once unpacked, so taking a batch's pupils
a group at a time bounds the memory by this setting rather than by the number of pupils
a batch touches (every pupil of a trust, in a backfill); each pupil is still written
once per batch. Published entries leave the outbox with the pupil's next write, or are
cleared on their own once they have waited a while: on FerretDB a write costs the same
however little it changes, so a separate clearing write per pupil would double a
backfill's writes. A crash anywhere before the write leaves
the events to be redelivered and re-applied as no-ops.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from services.risk.events import PupilEvent, json_values, mark_events, roster_events
from services.risk.ports import OutboxEntry, PupilStore, SchoolStore, SignalPublisher, StoredPupil
from services.risk.pupil import Emitted, PupilState, with_roster
from services.risk.rules import SchoolContext, record_mark
from shared.contracts.signals_v1 import signal_message
from shared.kernel.marks import Mark

log = logging.getLogger(__name__)

# Pupils loaded, applied, written and published together (see the module's docstring).
PUPILS_AT_ONCE = 500

Change = Callable[[StoredPupil], StoredPupil | None]


def encode(message: dict[str, Any]) -> str:
    """A signal message as compact JSON text, as stored in the outbox and published."""
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False)


def new_pupil(key: str) -> StoredPupil:
    """A pupil the store has never seen."""
    school_urn, upn = key.split(":", 1)
    return StoredPupil(PupilState(school_urn, upn))


def staged(state: PupilState, emitted: Iterable[Emitted],
           ingested_at: str | None) -> dict[str, OutboxEntry]:
    """Outbox entries for newly emitted signals (`commit` stamps when they are stored)."""
    return {item.signal_id: {"message": encode(signal_message(state.school_urn, state.upn,
                                                              item.signal_id, item.signal,
                                                              ingested_at))}
            for item in emitted}


def changed_pupil(stored: StoredPupil, state: PupilState,
                  outbox: dict[str, OutboxEntry]) -> StoredPupil | None:
    """The pupil to write with its new outbox entries in order; None if nothing changed."""
    if state is stored.state:
        return None
    # The sequence keeps a pupil's signals in order when a sweep re-publishes them.
    for sequence, entry in enumerate(outbox.values()):
        entry["sequence"] = sequence
    return replace(stored, state=state, new_outbox=outbox)


def apply_events(stored: StoredPupil, events: Sequence[PupilEvent],
                 school: SchoolContext) -> StoredPupil | None:
    """The pupil after its events in arrival order; None when nothing changed."""
    state, outbox = stored.state, {}
    for event in events:
        if event.mark is not None:
            state, emitted = record_mark(state, event.mark, school)
            outbox.update(staged(state, emitted, event.ingested_at))
        elif event.roster is not None:
            state = with_roster(state, event.roster)
    return changed_pupil(stored, state, outbox)


class RiskEngine:
    """Applies batches of marks and roster changes; publishes the signals they cause."""

    def __init__(self, pupils: PupilStore, schools: SchoolStore, publisher: SignalPublisher,
                 now: Callable[[], datetime], pupils_at_once: int = PUPILS_AT_ONCE) -> None:
        if pupils_at_once < 1:
            raise ValueError(f"pupils_at_once is {pupils_at_once}; it must be at least 1")
        self.pupils, self.schools, self.publisher, self.now = pupils, schools, publisher, now
        self.pupils_at_once = pupils_at_once
        # Pupils being written and published now: an outbox sweep leaves them alone.
        self.in_flight: set[str] = set()
        # Days already stored per school: a day is added once, not once per batch.
        self.known_days: dict[str, set[date]] = {}
        # Signal ids published but still in the pupil's outbox, and when first published.
        self.published: dict[str, tuple[datetime, set[str]]] = {}

    async def record_marks(self, messages: Sequence[Any]) -> int:
        """Apply a batch of mark messages (raw or decoded); returns how many pupils
        changed."""
        events = mark_events(json_values(messages))
        await self._remember_days(event.mark for event in events if event.mark is not None)
        return await self._apply(events)

    async def _remember_days(self, marks: Iterable[Mark]) -> None:
        new: dict[str, set[date]] = {}
        for mark in marks:
            if mark.date not in self.known_days.get(mark.school_urn, ()):
                new.setdefault(mark.school_urn, set()).add(mark.date)
        if new:
            await self.schools.add_days(new)
            for urn, days in new.items():
                self.known_days.setdefault(urn, set()).update(days)

    async def record_roster(self, messages: Sequence[Any]) -> int:
        """Apply a batch of pupil (roster) messages (raw or decoded); returns how many
        pupils changed."""
        return await self._apply(roster_events(json_values(messages)))

    async def _apply(self, events: Sequence[PupilEvent]) -> int:
        by_key: dict[str, list[PupilEvent]] = {}
        for event in events:
            by_key.setdefault(event.key, []).append(event)
        if not by_key:
            return 0
        schools = await self.schools.contexts(sorted({k.split(":", 1)[0] for k in by_key}))

        def change(stored: StoredPupil) -> StoredPupil | None:
            return apply_events(stored, by_key[stored.key],
                                schools.get(stored.state.school_urn, SchoolContext()))

        return await self.commit_keys(list(by_key), change)

    async def commit_keys(self, keys: Sequence[str], change: Change) -> int:
        """`commit` these pupils `pupils_at_once` at a time, each group loaded just before;
        returns how many pupils changed."""
        changed = 0
        for start in range(0, len(keys), self.pupils_at_once):
            group = keys[start:start + self.pupils_at_once]
            loaded = await self.pupils.load(group)
            changed += await self.commit({key: loaded.get(key) or new_pupil(key)
                                          for key in group}, change)
            del loaded  # the group's states go before the next group is read
        return changed

    async def commit(self, pupils: Mapping[str, StoredPupil], change: Change) -> int:
        """Apply `change` to each pupil, write all in one write, retry lost races, publish."""
        self.in_flight.update(pupils)
        began = time.monotonic()
        try:
            written = await self._write_all(pupils, change)
            await self.publish({p.key: p.new_outbox for p in written if p.new_outbox})
        finally:
            self.in_flight.difference_update(pupils)
        log.info("%d of %d pupils changed, %d signals, in %.2fs", len(written), len(pupils),
                 sum(len(p.new_outbox) for p in written), time.monotonic() - began)
        return len(written)

    async def _write_all(self, pupils: Mapping[str, StoredPupil],
                         change: Change) -> list[StoredPupil]:
        written: list[StoredPupil] = []
        pending = dict(pupils)
        while pending:
            changed = [replace(c, published=self._published_before(c))
                       for p in pending.values() if (c := change(p)) is not None]
            staged_at = self.now()  # the outbox sweep's grace counts from here
            for pupil in changed:
                for entry in pupil.new_outbox.values():
                    entry["staged_at"] = staged_at
            lost = await self.pupils.write(changed) if changed else set()
            written += [pupil for pupil in changed if pupil.key not in lost]
            for pupil in changed:
                if pupil.key not in lost:
                    self.published.pop(pupil.key, None)
            if lost:
                log.info("re-applying %d pupils written meanwhile (by another worker or agent)",
                         len(lost))
            reloaded = await self.pupils.load(sorted(lost)) if lost else {}
            pending = {key: reloaded.get(key) or new_pupil(key) for key in lost}
        return written

    def _published_before(self, pupil: StoredPupil) -> frozenset[str]:
        # Never one staged again now: removing and adding one path in one update fails.
        _, ids = self.published.get(pupil.key, (None, set()))
        return frozenset(ids.difference(pupil.new_outbox))

    async def publish(self, outboxes: Mapping[str, Mapping[str, OutboxEntry]]) -> None:
        """Publish staged signals in order; their entries leave the outbox later (see
        the module's docstring and `clear_published`)."""
        if not outboxes:
            return
        await self.publisher.publish([(key, entry["message"]) for key, entries in outboxes.items()
                                      for entry in entries.values()])
        moment = self.now()
        for key, entries in outboxes.items():
            self.published.setdefault(key, (moment, set()))[1].update(entries)

    async def clear_published(self, before: datetime) -> int:
        """Clear from the outboxes the signals published before `before` that no write of
        their pupil has cleared since; returns how many pupils were cleared."""
        due = {key: sorted(ids) for key, (at, ids) in self.published.items()
               if at < before and key not in self.in_flight}
        if due:
            await self.pupils.clear_outbox(due)
        for key, ids in due.items():  # keep what was published meanwhile
            at, held = self.published.pop(key, (before, set()))
            held.difference_update(ids)
            if held:
                self.published[key] = (at, held)
        return len(due)
