"""The read-model store on MongoDB (and FerretDB 1.24: single-document atomicity only).

Laid out by school, so a whole school is read in a few direct look-ups and a
backfill is written in a few large writes rather than one per pupil:
- `schools`: {_id: urn, version, mark_days: [...]}; `version` moves on with every
  write about the school, so computed figures can be cached against it.
- `school_settings`: {_id: urn, body: {settings, updated_at}}.
- `school_weeks`: {_id: "urn:monday", body: {upn: {"2026-09-02_AM": mark entry}}}.
- `rosters`: {_id: urn, body: {upn: {details, updated_at}}} (contacts kept, never logged).
- `pupil_signals`: {_id: "urn:upn", body: {signal_id: signal}}.
- `pupil_views`: who looked at which pupil's record, when (audit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from services.web.documents import (
    Document,
    MarkEntry,
    decode_pupil,
    decode_school,
    decode_signals,
    encode_signal,
    is_newer,
    merge_marks,
    newest_per_session,
)
from services.web.readmodel import (
    PupilRecord,
    PupilUpdate,
    ReadModelBatch,
    SchoolRecord,
    SchoolUpdate,
    SignalRecord,
)
from services.web.versioned import Body, Change, VersionedJsonDocuments
from shared.kernel import Mark


def week_id(school_urn: str, day: date) -> str:
    return f"{school_urn}:{(day - timedelta(days=day.weekday())).isoformat()}"


class MongoReadModelStore:
    """ReadModelStore on the web service's own database."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._database = database
        self._schools = database["schools"]
        self._settings = VersionedJsonDocuments(database["school_settings"])
        self._weeks = VersionedJsonDocuments(database["school_weeks"])
        self._rosters = VersionedJsonDocuments(database["rosters"])
        self._signals = VersionedJsonDocuments(database["pupil_signals"])
        self._views = database["pupil_views"]

    async def apply(self, batch: ReadModelBatch) -> None:
        if batch.marks:
            await self._weeks.change(_week_changes(batch.marks),
                                     lambda doc_id: {"school_urn": doc_id.split(":")[0]})
        if batch.pupils:
            await self._rosters.change(_roster_changes(batch.pupils), lambda _: {})
        if batch.schools:
            await self._settings.change(_settings_changes(batch.schools), lambda _: {})
        if batch.signals:
            await self._signals.change(_signal_changes(batch.signals), lambda _: {})
        await self._touch_schools(batch)

    async def _touch_schools(self, batch: ReadModelBatch) -> None:
        """Record the days holding marks and move each touched school's version on.

        Runs after the data is stored, so a figure cached under the new version
        always saw the data."""
        days: dict[str, set[str]] = defaultdict(set)
        for mark in batch.marks:
            days[mark.school_urn].add(mark.date.isoformat())
        for urn in [p.school_urn for p in batch.pupils] + [s.school_urn for s in batch.schools]:
            days.setdefault(urn, set())
        operations = []
        for urn, new_days in sorted(days.items()):
            update: dict[str, Any] = {"$inc": {"version": 1}}
            if new_days:
                update["$addToSet"] = {"mark_days": {"$each": sorted(new_days)}}
            operations.append(UpdateOne({"_id": urn}, update, upsert=True))
        if operations:
            await self._schools.bulk_write(operations, ordered=False)

    async def schools(self, urns: Collection[str] | None = None) -> list[SchoolRecord]:
        query = {} if urns is None else {"_id": {"$in": sorted(urns)}}
        docs = {doc["_id"]: doc async for doc in self._schools.find(query)}
        settings = await self._settings.load_many(docs)
        return [_school_record(urn, docs[urn], settings[urn][1]) for urn in sorted(docs)]

    async def school(self, school_urn: str) -> SchoolRecord | None:
        doc = await self._schools.find_one({"_id": school_urn})
        if doc is None:
            return None
        _, settings = await self._settings.load(school_urn)
        return _school_record(school_urn, doc, settings)

    async def pupils(self, school_urn: str) -> list[PupilRecord]:
        marks, roster = await self._school_marks_and_roster(school_urn)
        return [decode_pupil(school_urn, upn, roster.get(upn, {}).get("details"),
                             marks.get(upn, {})) for upn in sorted({*marks, *roster})]

    async def pupil(self, school_urn: str, upn: str) -> PupilRecord | None:
        marks, roster = await self._school_marks_and_roster(school_urn)
        if upn not in marks and upn not in roster:
            return None
        return decode_pupil(school_urn, upn, roster.get(upn, {}).get("details"),
                            marks.get(upn, {}))

    async def _school_marks_and_roster(self, school_urn: str
                                       ) -> tuple[dict[str, dict[str, MarkEntry]], Body]:
        doc = await self._schools.find_one({"_id": school_urn}, {"mark_days": 1})
        days = (doc or {}).get("mark_days") or []
        weeks = await self._weeks.load_many({week_id(school_urn, date.fromisoformat(day))
                                             for day in days})
        marks: dict[str, dict[str, MarkEntry]] = defaultdict(dict)
        for _, body in weeks.values():
            for upn, sessions in body.items():
                marks[upn].update(sessions)
        _, roster = await self._rosters.load(school_urn)
        return marks, roster

    async def signals(self, school_urn: str, upn: str) -> list[SignalRecord]:
        _, body = await self._signals.load(f"{school_urn}:{upn}")
        return decode_signals(body.values())

    async def record_view(self, viewer: str, school_urn: str, upn: str, at: datetime) -> None:
        await self._views.insert_one(
            {"viewer": viewer, "school_urn": school_urn, "upn": upn, "viewed_at": at})

    async def ping(self) -> None:
        await self._database.command("ping")


def _school_record(school_urn: str, doc: Document, settings: Body) -> SchoolRecord:
    return decode_school(school_urn, settings.get("settings"), doc.get("mark_days") or [],
                         int(doc.get("version") or 0))


def _week_changes(marks: Iterable[Mark]) -> dict[str, Change]:
    by_week: dict[str, dict[str, dict[str, Mark]]] = defaultdict(lambda: defaultdict(dict))
    for (urn, upn), sessions in newest_per_session(marks).items():
        for key, mark in sessions.items():
            by_week[week_id(urn, mark.date)][upn][key] = mark

    def change_for(pupils: dict[str, dict[str, Mark]]) -> Change:
        def change(body: Body) -> bool:
            results = [merge_marks(body.setdefault(upn, {}), incoming)
                       for upn, incoming in pupils.items()]
            return any(results)
        return change

    return {doc_id: change_for(pupils) for doc_id, pupils in by_week.items()}


def _roster_changes(updates: Iterable[PupilUpdate]) -> dict[str, Change]:
    by_school: dict[str, list[PupilUpdate]] = defaultdict(list)
    for update in updates:
        by_school[update.school_urn].append(update)

    def change_for(school_updates: list[PupilUpdate]) -> Change:
        def change(body: Body) -> bool:
            changed = False
            for update in school_updates:
                if is_newer(update.updated_at, body.get(update.upn, {}).get("updated_at")):
                    body[update.upn] = {"updated_at": update.updated_at,
                                        "details": dict(update.details)}
                    changed = True
            return changed
        return change

    return {urn: change_for(school_updates) for urn, school_updates in by_school.items()}


def _settings_changes(updates: Iterable[SchoolUpdate]) -> dict[str, Change]:
    by_school: dict[str, list[SchoolUpdate]] = defaultdict(list)
    for update in updates:
        by_school[update.school_urn].append(update)

    def change_for(school_updates: list[SchoolUpdate]) -> Change:
        def change(body: Body) -> bool:
            changed = False
            for update in school_updates:
                if is_newer(update.updated_at, body.get("updated_at")):
                    body.update(settings=dict(update.settings), updated_at=update.updated_at)
                    changed = True
            return changed
        return change

    return {urn: change_for(school_updates) for urn, school_updates in by_school.items()}


def _signal_changes(signals: Iterable[SignalRecord]) -> dict[str, Change]:
    by_pupil: dict[str, list[Document]] = defaultdict(list)
    for signal in signals:
        by_pupil[f"{signal.school_urn}:{signal.upn}"].append(encode_signal(signal))

    def change_for(encoded: list[Document]) -> Change:
        def change(body: Body) -> bool:
            new = [doc for doc in encoded if body.get(doc["signal_id"]) != doc]
            body.update({doc["signal_id"]: doc for doc in new})
            return bool(new)
        return change

    return {doc_id: change_for(encoded) for doc_id, encoded in by_pupil.items()}
