"""Sessions ended by signing out, so a session cookie stops working the moment its
member of staff signs out.

Session cookies are signed and carry no other server state: without this list a copy
of the cookie (a shared computer, a saved browser profile) would keep working until it
expired (WEB_SESSION_HOURS). Each session has a random id; signing out keeps that id
until the cookie would have expired anyway, so the list stays short. In the web
database, so every replica and a restarted process refuse the cookie too.
"""

from __future__ import annotations

from typing import Any, Protocol

from pymongo.asynchronous.database import AsyncDatabase

COLLECTION = "signed_out_sessions"


class SignedOutSessions(Protocol):
    async def add(self, session_id: str, until: float, now: float) -> None:
        """Keep `session_id` (ended) until `until` (seconds since the epoch), when its
        cookie expires; forget ids whose cookies expired before `now`."""

    async def contains(self, session_id: str) -> bool:
        """Whether the session was ended by signing out."""


class InMemorySignedOutSessions:
    def __init__(self) -> None:
        self._until: dict[str, float] = {}

    async def add(self, session_id: str, until: float, now: float) -> None:
        self._until = {sid: end for sid, end in self._until.items() if end >= now}
        self._until[session_id] = until

    async def contains(self, session_id: str) -> bool:
        return session_id in self._until


class MongoSignedOutSessions:
    """One document per ended session, its _id the session id (a look-up by _id on
    every signed-in request); expired ones are removed when someone signs out."""

    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._ended = database[COLLECTION]

    async def add(self, session_id: str, until: float, now: float) -> None:
        await self._ended.delete_many({"until": {"$lt": now}})
        await self._ended.replace_one({"_id": session_id}, {"until": until}, upsert=True)

    async def contains(self, session_id: str) -> bool:
        return await self._ended.find_one({"_id": session_id}, {"_id": 1}) is not None
