"""Store adapters on MongoDB: the intake's roster (roll dates only), the schools'
calendars and token grants.

The roster keeps no names or contacts: the intake only needs roll dates to check
marks. Dates are stored as YYYY-MM-DD text; one document per pupil, _id "{urn}:{upn}",
and one per school calendar, _id "{urn}".
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, PyMongoError

from services.ingest.ports import UnavailableError
from shared.contracts.pupils_v1 import PupilV1
from shared.contracts.schools_v1 import SchoolSettingsV1, TermV1, kernel_calendar
from shared.contracts.topics import pupil_key
from shared.infra.tokens import TokenGrant, verify_token
from shared.kernel import Enrolment, SchoolCalendar

ROSTER = "roster"
CALENDARS = "school_calendars"


class MongoRoster:
    """Roll dates per pupil; a record with an older updated_at never overwrites a newer."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._collection = db[ROSTER]
        self._db = db

    async def enrolments(self, pupil_keys: Collection[str]) -> dict[str, Enrolment]:
        if not pupil_keys:
            return {}
        try:
            cursor = self._collection.find({"_id": {"$in": list(pupil_keys)}})
            return {document["_id"]: _enrolment(document) async for document in cursor}
        except PyMongoError as error:
            raise UnavailableError(f"the store did not answer: {error}") from error

    async def record(self, pupils: Sequence[PupilV1]) -> None:
        latest = _latest_per_pupil(pupils)
        try:
            held = {document["_id"]: document["updated_at"] async for document in
                    self._collection.find({"_id": {"$in": list(latest)}}, {"updated_at": 1})}
            updates = [_roster_update(key, pupil, held.get(key))
                       for key, pupil in latest.items()
                       if key not in held or held[key] < pupil.updated_at]
            if updates:
                await self._collection.bulk_write(updates, ordered=False)
        except PyMongoError as error:
            raise UnavailableError(f"the store did not answer: {error}") from error

    async def healthy(self) -> bool:
        try:
            await self._db.command("ping")
        except PyMongoError:
            return False
        return True


class MongoCalendars:
    """School calendars (terms and closures); older settings never overwrite newer ones."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._collection = db[CALENDARS]
        # Built calendars by school and settings time: a batch of marks needs them all.
        self._built: dict[str, tuple[datetime, SchoolCalendar | None]] = {}

    async def calendars(self, urns: Collection[str]) -> dict[str, SchoolCalendar]:
        if not urns:
            return {}
        try:
            documents = [document async for document in
                         self._collection.find({"_id": {"$in": sorted(urns)}})]
        except PyMongoError as error:
            raise UnavailableError(f"the store did not answer: {error}") from error
        found = {document["_id"]: self._calendar(document) for document in documents}
        return {urn: calendar for urn, calendar in found.items() if calendar is not None}

    async def record(self, settings: SchoolSettingsV1) -> None:
        urn = settings.school_urn
        document = {
            "terms": [term.model_dump(mode="json") for term in settings.terms],
            "closures": sorted({closure.date.isoformat() for closure in settings.closures}),
            "updated_at": settings.updated_at,
        }
        try:
            for _ in range(2):  # a second look when settings were stored meanwhile
                held = await self._collection.find_one({"_id": urn}, {"updated_at": 1})
                if held is not None and held["updated_at"] >= settings.updated_at:
                    return
                if held is None:
                    with contextlib.suppress(DuplicateKeyError):
                        await self._collection.insert_one({"_id": urn, **document})
                        return
                    continue
                # Replaced only if nobody changed it since it was read.
                result = await self._collection.update_one(
                    {"_id": urn, "updated_at": held["updated_at"]}, {"$set": document})
                if result.matched_count:
                    return
        except PyMongoError as error:
            raise UnavailableError(f"the store did not answer: {error}") from error

    def _calendar(self, document: dict[str, Any]) -> SchoolCalendar | None:
        urn, updated_at = document["_id"], document["updated_at"]
        built = self._built.get(urn)
        if built is None or built[0] != updated_at:
            built = (updated_at, _calendar(document))
            self._built[urn] = built
        return built[1]


class MongoGrants:
    """Token look-ups in the intake's database (see shared.infra.tokens)."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._db = db

    async def grant_for(self, raw_token: str) -> TokenGrant | None:
        try:
            return await verify_token(self._db, raw_token)
        except PyMongoError as error:
            raise UnavailableError(f"the store did not answer: {error}") from error


def _latest_per_pupil(pupils: Sequence[PupilV1]) -> dict[str, PupilV1]:
    latest: dict[str, PupilV1] = {}
    for pupil in pupils:
        key = pupil_key(pupil.school_urn, pupil.upn)
        if key not in latest or latest[key].updated_at < pupil.updated_at:
            latest[key] = pupil
    return latest


def _roster_update(key: str, pupil: PupilV1, held_updated_at: datetime | None) -> UpdateOne:
    # A pupil already held is replaced only if nobody changed it since it was read;
    # a new one is created.
    found = {"_id": key} if held_updated_at is None else {
        "_id": key, "updated_at": held_updated_at}
    return UpdateOne(found, {"$set": {
        "admission_date": pupil.admission_date.isoformat(),
        "leaving_date": _text(pupil.leaving_date),
        "date_of_birth": pupil.date_of_birth.isoformat(),
        "updated_at": pupil.updated_at,
    }}, upsert=held_updated_at is None)


def _enrolment(document: dict[str, Any]) -> Enrolment:
    return Enrolment(_date(document.get("admission_date")), _date(document.get("leaving_date")),
                     _date(document.get("date_of_birth")))


def _calendar(document: dict[str, Any]) -> SchoolCalendar | None:
    return kernel_calendar([TermV1.model_validate(term) for term in document.get("terms") or []],
                           (date.fromisoformat(day) for day in document.get("closures") or []))


def _date(text: Any) -> date | None:
    return date.fromisoformat(text) if isinstance(text, str) and text else None


def _text(day: date | None) -> str | None:
    return day.isoformat() if day else None
