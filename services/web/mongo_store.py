"""The read-model store on MongoDB (and FerretDB 1.24: single-document atomicity only).

Laid out by school, so a whole school is read in a few direct look-ups and a
backfill is written in a few large writes rather than one per pupil:
- `schools`: {_id: urn, version, mark_days: [...], weeks: {monday: version}};
  `version` moves on with every write about the school, so computed figures can be
  cached against it, and `weeks` says which school-week documents changed.
- `school_settings`: {_id: urn, body: {settings, updated_at}}.
- `school_weeks`: {_id: "urn:monday", body: {upn: {"2026-09-02_AM": mark entry}}}.
- `rosters`: {_id: urn, body: {upn: {details, updated_at}}} (contacts kept, never logged).
- `pupil_signals`: {_id: "urn:upn", body: {signal_id: signal}}.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from services.web.documents import (
    Document,
    decode_marks,
    decode_pupil,
    decode_school,
    decode_signals,
)
from services.web.mongo_changes import (
    roster_changes,
    settings_changes,
    signal_changes,
    week_changes,
    week_id,
)
from services.web.readmodel import (
    PupilRecord,
    ReadModelBatch,
    SchoolRecord,
    SignalRecord,
)
from services.web.week_cache import DecodedWeeks, WeekMarks
from shared.infra.json_documents import Body, VersionedJsonDocuments
from shared.kernel import Mark


class MongoReadModelStore:
    """ReadModelStore on the web service's own database."""

    def __init__(self, database: AsyncDatabase[Document],
                 decoded_weeks: DecodedWeeks | None = None) -> None:
        self._database = database
        self._decoded = decoded_weeks or DecodedWeeks()
        self._schools = database["schools"]
        self._settings = VersionedJsonDocuments(database["school_settings"])
        self._weeks = VersionedJsonDocuments(database["school_weeks"])
        self._rosters = VersionedJsonDocuments(database["rosters"])
        self._signals = VersionedJsonDocuments(database["pupil_signals"])

    async def apply(self, batch: ReadModelBatch) -> None:
        written_weeks: dict[str, int] = {}
        if batch.marks:
            written_weeks = await self._weeks.change(
                week_changes(batch.marks), lambda doc_id: {"school_urn": doc_id.split(":")[0]})
        if batch.pupils:
            await self._rosters.change(roster_changes(batch.pupils), lambda _: {})
        if batch.schools:
            await self._settings.change(settings_changes(batch.schools), lambda _: {})
        if batch.signals:
            await self._signals.change(signal_changes(batch.signals), lambda _: {})
        await self._touch_schools(batch, written_weeks)

    async def _touch_schools(self, batch: ReadModelBatch, written_weeks: dict[str, int]
                             ) -> None:
        """Record the days holding marks and the school-week versions written, and move
        each touched school's version on.

        Runs after the data is stored, so a figure cached under the new version
        always saw the data."""
        days: dict[str, set[str]] = defaultdict(set)
        for mark in batch.marks:
            days[mark.school_urn].add(mark.date.isoformat())
        for urn in [p.school_urn for p in batch.pupils] + [s.school_urn for s in batch.schools]:
            days.setdefault(urn, set())
        weeks: dict[str, dict[str, int]] = defaultdict(dict)
        for doc_id, version in written_weeks.items():
            urn, monday = doc_id.split(":")
            weeks[urn][f"weeks.{monday}"] = version
        operations = []
        for urn, new_days in sorted(days.items()):
            update: dict[str, Any] = {"$inc": {"version": 1}}
            if new_days:
                update["$addToSet"] = {"mark_days": {"$each": sorted(new_days)}}
            if weeks[urn]:
                update["$max"] = weeks[urn]  # $max: a slower writer never winds it back
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
                             tuple(marks.get(upn, ()))) for upn in sorted({*marks, *roster})]

    async def pupil(self, school_urn: str, upn: str) -> PupilRecord | None:
        marks, roster = await self._school_marks_and_roster(school_urn)
        if upn not in marks and upn not in roster:
            return None
        return decode_pupil(school_urn, upn, roster.get(upn, {}).get("details"),
                            tuple(marks.get(upn, ())))

    async def _school_marks_and_roster(self, school_urn: str
                                       ) -> tuple[dict[str, list[Mark]], Body]:
        """Every mark of the school by pupil (weeks unchanged since last time come from
        the cache of decoded weeks), and the school's roster."""
        doc = await self._schools.find_one({"_id": school_urn}, {"mark_days": 1, "weeks": 1})
        known: dict[str, int | None] = {f"{school_urn}:{monday}": version for monday, version
                                        in ((doc or {}).get("weeks") or {}).items()}
        for day in (doc or {}).get("mark_days") or []:
            known.setdefault(week_id(school_urn, date.fromisoformat(day)), None)
        weeks = {doc_id: self._decoded.get(doc_id, version) for doc_id, version in known.items()}
        loaded = await self._weeks.load_many([i for i, week in weeks.items() if week is None])
        for doc_id, (version, body) in loaded.items():
            weeks[doc_id] = decoded = decode_week(school_urn, body)
            if version is not None:
                self._decoded.put(doc_id, version, decoded)
        marks: dict[str, list[Mark]] = defaultdict(list)
        for doc_id in sorted(weeks):
            for upn, week_marks in (weeks[doc_id] or {}).items():
                marks[upn].extend(week_marks)
        _, roster = await self._rosters.load(school_urn)
        return marks, roster

    async def signals(self, school_urn: str, upn: str) -> list[SignalRecord]:
        _, body = await self._signals.load(f"{school_urn}:{upn}")
        return decode_signals(body.values())

    async def ping(self) -> None:
        await self._database.command("ping")


def decode_week(school_urn: str, body: Body) -> WeekMarks:
    return {upn: decode_marks(school_urn, upn, sessions) for upn, sessions in body.items()}


def _school_record(school_urn: str, doc: Document, settings: Body) -> SchoolRecord:
    return decode_school(school_urn, settings.get("settings"), doc.get("mark_days") or [],
                         int(doc.get("version") or 0))
