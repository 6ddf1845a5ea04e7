"""The audit log: who viewed or changed which pupil's record, and who was refused.

Kept in the web service's own database (never in the log files, which must not carry
UPNs) and readable by the head teacher for their schools on the audit page.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

AuditAction = Literal["viewed", "changed", "refused"]


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    user: str
    action: AuditAction
    school_urn: str
    upn: str | None
    what: str  # the page or API route template, or what was changed


class AuditLog(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...

    async def recent(self, school_urns: Collection[str] | None,
                     limit: int = 500) -> list[AuditEntry]:
        """Newest first, for the given schools (None: every school)."""


class InMemoryAuditLog:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    async def record(self, entry: AuditEntry) -> None:
        self.entries.append(entry)

    async def recent(self, school_urns: Collection[str] | None,
                     limit: int = 500) -> list[AuditEntry]:
        chosen = [entry for entry in self.entries
                  if school_urns is None or entry.school_urn in school_urns]
        return sorted(chosen, key=lambda entry: entry.at, reverse=True)[:limit]


class MongoAuditLog:
    """One document per entry in the `audit` collection, indexed by school and time."""

    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._entries = database["audit"]

    async def record(self, entry: AuditEntry) -> None:
        await self._entries.insert_one(asdict(entry))

    async def recent(self, school_urns: Collection[str] | None,
                     limit: int = 500) -> list[AuditEntry]:
        query: dict[str, Any] = {} if school_urns is None else {
            "school_urn": {"$in": sorted(school_urns)}}
        found = await self._entries.find(query, {"_id": 0}).sort(
            "at", DESCENDING).to_list(limit)
        return [AuditEntry(**document) for document in found]
