"""What staff sent comms, in the comms database: holiday requests (`holiday_requests`),
the office's call tasks (`call_tasks`), the office's call outcomes (`call_outcomes`: who
was rung on which school day and whether anyone was reached, for the golden-hour rule)
and the staff commands carried out (`commands_done`).

Each is written once per id (a replay meets the existing id). A call task is stored with
its version and the `unpublished` flag, so the event publisher tells the staff pages.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.kernel.nudges import CallMade

Document = dict[str, Any]


class MongoStaffRecords:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._requests = database["holiday_requests"]
        self._tasks = database["call_tasks"]
        self._done = database["commands_done"]
        self._calls = database["call_outcomes"]

    async def create_indexes(self) -> None:
        await self._calls.create_index([("school_urn", 1), ("school_day", 1)])

    async def keep_holiday_request(self, record_id: str, record: Document) -> None:
        """Keep a holiday request (pending ones wait here for the head teacher)."""
        with suppress(DuplicateKeyError):
            await self._requests.insert_one({"_id": record_id, **record})

    async def keep_call(self, record_id: str, school_urn: str, upn: str, school_day: date,
                        outcome: str) -> None:
        """Keep one call's outcome (no note, no number: only what the rule reads)."""
        with suppress(DuplicateKeyError):
            await self._calls.insert_one({"_id": record_id, "school_urn": school_urn,
                                          "upn": upn, "school_day": school_day.isoformat(),
                                          "outcome": outcome})

    async def calls_between(self, school_urn: str, start: date, end: date) -> list[CallMade]:
        """The calls recorded about school days from `start` to `end`, inclusive."""
        cursor = self._calls.find({"school_urn": school_urn, "school_day": {
            "$gte": start.isoformat(), "$lte": end.isoformat()}})
        return [CallMade(d["upn"], date.fromisoformat(d["school_day"]), d["outcome"])
                async for d in cursor]

    async def add_call_task(self, task_id: str, school_urn: str, upn: str, purpose: str,
                            due_on: date, now: datetime) -> bool:
        """Create a call task once; False when it already exists."""
        try:
            await self._tasks.insert_one(
                {"_id": task_id, "school_urn": school_urn, "upn": upn, "purpose": purpose,
                 "due_on": due_on.isoformat(), "done": False, "version": 1,
                 "updated_at": now, "unpublished": True})
        except DuplicateKeyError:
            return False
        return True

    async def call_tasks(self, school_urn: str) -> list[Document]:
        return await self._tasks.find({"school_urn": school_urn}).sort("_id", 1).to_list()

    async def seen(self, command_id: str) -> bool:
        return await self._done.count_documents({"_id": command_id}, limit=1) > 0

    async def record(self, command_id: str, outcome: str, now: datetime) -> None:
        with suppress(DuplicateKeyError):
            await self._done.insert_one({"_id": command_id, "outcome": outcome, "at": now})
