"""What the clock-driven jobs read, from the comms database's own copies (MongoDB).

`pupil_flags` keeps, per pupil, whether the latest signal put them below the letter
threshold; `job_runs` records each school's job runs (one document per school, job and
day).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.comms.model import Pupil
from services.comms.mongo_day_marks import MongoDayMarks
from services.comms.policy import pupil_from_record

Document = dict[str, Any]


def on_roll(record: Document, on: date) -> bool:
    """Admitted by `on` and not left before it (as the office's lists count the roll)."""
    admitted, leaving = record.get("admission_date"), record.get("leaving_date")
    return ((admitted is None or date.fromisoformat(str(admitted)) <= on)
            and (leaving is None or date.fromisoformat(str(leaving)) >= on))


class MongoCohorts:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._schools = database["schools"]
        self._pupils = database["pupils"]
        self._days = MongoDayMarks(database)
        self._flags = database["pupil_flags"]
        self._runs = database["job_runs"]

    async def create_indexes(self) -> None:
        await self._pupils.create_index([("record.school_urn", 1)])

    async def school_urns(self) -> list[str]:
        return [d["_id"] async for d in self._schools.find({}, {"_id": 1}).sort("_id", 1)]

    async def pupils_on_roll(self, school_urn: str, on: date) -> list[Pupil]:
        cursor = self._pupils.find({"record.school_urn": school_urn}).sort("_id", 1)
        pupils = []
        async for doc in cursor:
            if on_roll(doc["record"], on):
                pupils.append(pupil_from_record(doc["record"]))
        return pupils

    async def codes_between(self, school_urn: str, start: date,
                            end: date) -> dict[str, dict[date, list[str]]]:
        return await self._days.codes_between(school_urn, start, end)

    async def set_below_letter_threshold(self, school_urn: str, upn: str, below: bool,
                                         occurred_on: date) -> None:
        await self._flags.update_one(
            {"_id": f"{school_urn}:{upn}"},
            {"$set": {"school_urn": school_urn, "below_letter_threshold": below,
                      "occurred_on": occurred_on.isoformat()}}, upsert=True)

    async def below_letter_threshold(self, school_urn: str) -> set[str]:
        cursor = self._flags.find({"school_urn": school_urn, "below_letter_threshold": True})
        return {d["_id"].split(":", 1)[1] async for d in cursor}

    async def has_run(self, run_id: str) -> bool:
        return await self._runs.count_documents({"_id": run_id}, limit=1) > 0

    async def claim_job(self, run_id: str, now: datetime) -> bool:
        with suppress(DuplicateKeyError):
            await self._runs.insert_one({"_id": run_id, "ran_at": now})
            return True
        return False
