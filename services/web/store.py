"""The read-model store port: what the consumer writes and the pages and API read.

Two adapters implement it: MongoReadModelStore (production, FerretDB in tests)
and InMemoryReadModelStore (unit tests). One behaviour suite runs against both.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from services.web.readmodel import PupilRecord, ReadModelBatch, SchoolRecord, SignalRecord


class ReadModelStore(Protocol):
    """Idempotent, replay-safe storage of the web service's read models."""

    async def apply(self, batch: ReadModelBatch) -> None:
        """Store a batch. Re-applying any batch, or an older one, changes nothing.

        Marks: a later recorded_at replaces the session's mark; equal or older is a
        no-op. Roster entries and settings: a later updated_at replaces.
        """

    async def schools(self, urns: Collection[str] | None = None) -> list[SchoolRecord]:
        """Schools known from settings or marks (only `urns` when given), by URN."""

    async def school(self, school_urn: str) -> SchoolRecord | None:
        """One school, or None when nothing about it has arrived."""

    async def pupils(self, school_urn: str) -> list[PupilRecord]:
        """Every pupil of a school with marks and roster details, in one read."""

    async def pupil(self, school_urn: str, upn: str) -> PupilRecord | None:
        """One pupil, or None when nothing about them has arrived."""

    async def signals(self, school_urn: str, upn: str) -> list[SignalRecord]:
        """A pupil's signals, newest first."""

    async def ping(self) -> None:
        """Raise when the store cannot be reached."""
