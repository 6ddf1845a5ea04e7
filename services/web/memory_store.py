"""The in-memory twin of the read-model store: the same documents and rules, in dicts."""

from __future__ import annotations

import copy
from collections.abc import Collection
from datetime import datetime
from typing import Any

from services.web.documents import (
    Document,
    decode_pupil,
    decode_school,
    decode_signal,
    encode_mark,
    encode_signal,
    marks_to_write,
    newest_per_session,
    pupil_id,
)
from services.web.readmodel import PupilRecord, ReadModelBatch, SchoolRecord, SignalRecord


class InMemoryReadModelStore:
    """ReadModelStore kept in process memory (tests, and a store-less preview)."""

    def __init__(self) -> None:
        self.pupil_docs: dict[str, Document] = {}
        self.school_docs: dict[str, Document] = {}
        self.signal_docs: dict[str, Document] = {}
        self.views: list[Document] = []

    async def apply(self, batch: ReadModelBatch) -> None:
        for incoming in newest_per_session(batch.marks).values():
            mark = next(iter(incoming.values()))
            doc = self._pupil_doc(mark.school_urn, mark.upn)
            changed = marks_to_write(doc.get("marks") or {}, incoming)
            if changed:
                doc.setdefault("marks", {}).update(
                    {key: encode_mark(m) for key, m in changed.items()})
                doc["version"] += 1
        for mark in batch.marks:
            self._school_doc(mark.school_urn).setdefault("mark_days", set()).add(
                mark.date.isoformat())
        for update in batch.pupils:
            doc = self._pupil_doc(update.school_urn, update.upn)
            if _is_newer(update.updated_at, doc.get("details_at")):
                doc["details"], doc["details_at"] = dict(update.details), update.updated_at
        for school in batch.schools:
            doc = self._school_doc(school.school_urn)
            if _is_newer(school.updated_at, doc.get("settings_at")):
                doc["settings"], doc["settings_at"] = dict(school.settings), school.updated_at
        for signal in batch.signals:
            self.signal_docs[signal.signal_id] = encode_signal(signal)
        self._bump_versions(batch)

    def _bump_versions(self, batch: ReadModelBatch) -> None:
        touched = {m.school_urn for m in batch.marks} | {p.school_urn for p in batch.pupils}
        touched |= {s.school_urn for s in batch.schools}
        for urn in touched:
            self._school_doc(urn)["version"] += 1

    def _pupil_doc(self, school_urn: str, upn: str) -> Document:
        return self.pupil_docs.setdefault(pupil_id(school_urn, upn), {
            "_id": pupil_id(school_urn, upn), "school_urn": school_urn, "upn": upn,
            "version": 0})

    def _school_doc(self, school_urn: str) -> Document:
        return self.school_docs.setdefault(school_urn, {"_id": school_urn, "version": 0})

    async def schools(self, urns: Collection[str] | None = None) -> list[SchoolRecord]:
        wanted = sorted(self.school_docs if urns is None else set(urns) & set(self.school_docs))
        return [decode_school(self._school_view(urn)) for urn in wanted]

    async def school(self, school_urn: str) -> SchoolRecord | None:
        if school_urn not in self.school_docs:
            return None
        return decode_school(self._school_view(school_urn))

    def _school_view(self, school_urn: str) -> Document:
        doc = dict(self.school_docs[school_urn])
        doc["mark_days"] = sorted(doc.get("mark_days") or ())
        return doc

    async def pupils(self, school_urn: str) -> list[PupilRecord]:
        return [decode_pupil(copy.deepcopy(doc)) for doc in self.pupil_docs.values()
                if doc["school_urn"] == school_urn]

    async def pupil(self, school_urn: str, upn: str) -> PupilRecord | None:
        doc = self.pupil_docs.get(pupil_id(school_urn, upn))
        return None if doc is None else decode_pupil(copy.deepcopy(doc))

    async def signals(self, school_urn: str, upn: str) -> list[SignalRecord]:
        found = [decode_signal(doc) for doc in self.signal_docs.values()
                 if doc["school_urn"] == school_urn and doc["upn"] == upn]
        return sorted(found, key=lambda s: (s.occurred_on, s.signal_id), reverse=True)

    async def record_view(self, viewer: str, school_urn: str, upn: str, at: datetime) -> None:
        self.views.append({"viewer": viewer, "school_urn": school_urn, "upn": upn,
                           "viewed_at": at})

    async def ping(self) -> None:
        return None


def _is_newer(updated_at: str, held: Any) -> bool:
    """Roster and settings order: a later updated_at wins; without one, the latest arrival."""
    return not updated_at or held is None or held < updated_at
