"""Store adapters on MongoDB: the intake's roster (roll dates only) and token grants.

The roster keeps no names or contacts: the intake only needs roll dates to check
marks. Dates are stored as YYYY-MM-DD text; one document per pupil, _id "{urn}:{upn}".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from services.ingest.ports import UnavailableError
from shared.contracts.pupils_v1 import PupilV1
from shared.contracts.topics import pupil_key
from shared.infra.tokens import TokenGrant, verify_token
from shared.kernel import Enrolment

ROSTER = "roster"


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


def _date(text: Any) -> date | None:
    return date.fromisoformat(text) if isinstance(text, str) and text else None


def _text(day: date | None) -> str | None:
    return day.isoformat() if day else None
