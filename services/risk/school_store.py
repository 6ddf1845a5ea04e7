"""School settings and marked days in the risk database (collection `schools`).

{_id: urn, settings: {thresholds, terms, closures, register_close, updated_at},
 days: ["2026-09-02", ...]}: `days` grows with $addToSet as marks arrive and is the
school's calendar until the school sets one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.risk.ports import SchoolDay
from services.risk.pupil_store import ONE_BATCH
from services.risk.rules import SchoolContext
from shared.kernel.calendar import SchoolCalendar, Term
from shared.kernel.errors import MarkError
from shared.kernel.thresholds import Thresholds

log = logging.getLogger(__name__)
COLLECTION = "schools"


def settings_document(message: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a school-settings message the risk service keeps."""
    return {
        "thresholds": dict(message.get("thresholds") or {}),
        "terms": [dict(term) for term in message.get("terms") or []],
        "closures": [str(closure["date"]) for closure in message.get("closures") or []],
        "register_close": dict(message.get("register_close") or {}),
        "updated_at": datetime.fromisoformat(str(message["updated_at"])),
    }


def _day(value: Any) -> date | None:
    return None if value in (None, "") else date.fromisoformat(str(value))


def set_calendar(settings: Mapping[str, Any]) -> SchoolCalendar | None:
    """The calendar a school set, or None when it gave no terms."""
    terms = tuple(Term(t["name"], date.fromisoformat(t["start"]), date.fromisoformat(t["end"]),
                       _day(t.get("half_term_start")), _day(t.get("half_term_end")))
                  for t in settings.get("terms") or [])
    if not terms:
        return None
    return SchoolCalendar(terms, frozenset(date.fromisoformat(d) for d in settings["closures"]))


def school_context(urn: str, settings: Mapping[str, Any] | None) -> SchoolContext:
    """Thresholds (defaults where unset) and the calendar if set."""
    if not settings:
        return SchoolContext()
    try:
        thresholds = Thresholds.from_settings(settings.get("thresholds"))
    except MarkError as error:
        log.error("school %s has unusable thresholds (%s); using the plan's defaults until "
                  "its settings are corrected", urn, error)
        thresholds = Thresholds()
    return SchoolContext(thresholds, set_calendar(settings))


class MongoSchoolStore:
    """The SchoolStore port on MongoDB (or FerretDB)."""

    def __init__(self, database: AsyncDatabase[dict[str, Any]],
                 one_at_a_time: asyncio.Lock | None = None) -> None:
        self.collection = database[COLLECTION]
        # Shared with the pupil store: one operation at a time on the database (FerretDB).
        self.one_at_a_time = one_at_a_time or asyncio.Lock()

    async def contexts(self, urns: Sequence[str]) -> dict[str, SchoolContext]:
        async with self.one_at_a_time:
            docs = await self.collection.find({"_id": {"$in": list(urns)}}, {"settings": 1},
                                              batch_size=ONE_BATCH).to_list(None)
        return {doc["_id"]: school_context(doc["_id"], doc.get("settings")) for doc in docs}

    async def add_days(self, days: Mapping[str, set[date]]) -> None:
        operations = [UpdateOne({"_id": urn}, {"$addToSet": {"days": {
            "$each": sorted(d.isoformat() for d in school_days)}}}, upsert=True)
            for urn, school_days in sorted(days.items())]
        for attempt in range(2):
            try:
                async with self.one_at_a_time:
                    await self.collection.bulk_write(operations, ordered=False)
                return
            except (BulkWriteError, KeyError):
                # Two workers created the same school at once; the second try updates it.
                if attempt:
                    raise

    async def save_settings(self, message: Mapping[str, Any]) -> bool:
        """Keep a school's settings unless newer ones are already stored."""
        urn, settings = str(message["school_urn"]), settings_document(message)
        older = {"$or": [{"settings": {"$exists": False}},
                         {"settings.updated_at": {"$lt": settings["updated_at"]}}]}
        for _ in range(2):
            async with self.one_at_a_time:
                result = await self.collection.update_one({"_id": urn, **older},
                                                          {"$set": {"settings": settings}})
            if result.matched_count:
                return True
            try:
                async with self.one_at_a_time:
                    await self.collection.insert_one({"_id": urn, "settings": settings,
                                                      "days": []})
                return True
            except DuplicateKeyError:
                continue  # stored meanwhile (by marks or newer settings): look again
        return False

    async def register_day(self, school_urn: str) -> SchoolDay:
        async with self.one_at_a_time:
            doc = await self.collection.find_one({"_id": school_urn}) or {}
        context = school_context(school_urn, doc.get("settings"))
        if context.calendar is None:
            days = (date.fromisoformat(d) for d in doc.get("days", []))
            context = SchoolContext(context.thresholds, SchoolCalendar.inferred(days))
        close = (doc.get("settings") or {}).get("register_close") or {}
        return SchoolDay(context, close.get("AM", "09:00"))

    async def school_urns(self) -> list[str]:
        async with self.one_at_a_time:
            docs = await self.collection.find({}, {"_id": 1}, batch_size=ONE_BATCH).to_list(None)
        return sorted(doc["_id"] for doc in docs)
