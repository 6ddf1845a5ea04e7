"""The in-memory twin of the read-model store: the same rules, kept in dicts."""

from __future__ import annotations

import copy
from collections.abc import Collection
from typing import Any

from services.web.documents import (
    Document,
    MarkEntry,
    PupilKey,
    decode_marks,
    decode_pupil,
    decode_school,
    decode_signals,
    encode_signal,
    is_newer,
    merge_marks,
    newest_per_session,
)
from services.web.readmodel import PupilRecord, ReadModelBatch, SchoolRecord, SignalRecord


class InMemoryReadModelStore:
    """ReadModelStore kept in process memory (unit tests)."""

    def __init__(self) -> None:
        self.marks: dict[PupilKey, dict[str, MarkEntry]] = {}
        self.rosters: dict[PupilKey, tuple[str, Document]] = {}
        self.school_docs: dict[str, Document] = {}
        self.signal_docs: dict[PupilKey, dict[str, Document]] = {}

    async def apply(self, batch: ReadModelBatch) -> None:
        for pupil, incoming in newest_per_session(batch.marks).items():
            merge_marks(self.marks.setdefault(pupil, {}), incoming)
        for mark in batch.marks:
            self._school(mark.school_urn)["mark_days"].add(mark.date.isoformat())
        for update in batch.pupils:
            held = self.rosters.get((update.school_urn, update.upn))
            if is_newer(update.updated_at, held[0] if held else None):
                self.rosters[(update.school_urn, update.upn)] = (update.updated_at,
                                                                 dict(update.details))
        for school in batch.schools:
            doc = self._school(school.school_urn)
            if is_newer(school.updated_at, doc.get("settings_at")):
                doc["settings"], doc["settings_at"] = dict(school.settings), school.updated_at
        for signal in batch.signals:
            self.signal_docs.setdefault((signal.school_urn, signal.upn), {})[
                signal.signal_id] = encode_signal(signal)
        touched = {m.school_urn for m in batch.marks} | {p.school_urn for p in batch.pupils}
        for urn in touched | {s.school_urn for s in batch.schools}:
            self._school(urn)["version"] += 1

    def _school(self, school_urn: str) -> Document:
        return self.school_docs.setdefault(
            school_urn, {"version": 0, "mark_days": set(), "settings": None})

    def _record(self, school_urn: str) -> SchoolRecord:
        doc = self.school_docs[school_urn]
        return decode_school(school_urn, doc["settings"], doc["mark_days"], doc["version"])

    async def schools(self, urns: Collection[str] | None = None) -> list[SchoolRecord]:
        wanted = self.school_docs if urns is None else set(urns) & set(self.school_docs)
        return [self._record(urn) for urn in sorted(wanted)]

    async def school(self, school_urn: str) -> SchoolRecord | None:
        return self._record(school_urn) if school_urn in self.school_docs else None

    async def pupils(self, school_urn: str) -> list[PupilRecord]:
        keys = {key for key in [*self.marks, *self.rosters] if key[0] == school_urn}
        return [self._pupil(key) for key in sorted(keys)]

    async def pupil(self, school_urn: str, upn: str) -> PupilRecord | None:
        key = (school_urn, upn)
        return self._pupil(key) if key in self.marks or key in self.rosters else None

    def _pupil(self, key: PupilKey) -> PupilRecord:
        roster = self.rosters.get(key)
        details: Any = copy.deepcopy(roster[1]) if roster else None
        return decode_pupil(key[0], key[1], details,
                            decode_marks(key[0], key[1], self.marks.get(key, {})))

    async def signals(self, school_urn: str, upn: str) -> list[SignalRecord]:
        return decode_signals(self.signal_docs.get((school_urn, upn), {}).values())

    async def ping(self) -> None:
        return None
