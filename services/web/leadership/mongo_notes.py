"""Leaders' notes in the web service's own `leadership_notes` collection.

One document per version, its _id the form's id: inserting a version twice fails on the
unique _id and changes nothing (no transaction or filtered update needed, so FerretDB
and MongoDB behave alike). Times are stored as fixed-width UTC text so they sort.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.web.leadership.notes import Note, NoteKind, oldest_first

COLLECTION = "leadership_notes"


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


class MongoNoteStore:
    """NoteStore over MongoDB (FerretDB in tests)."""

    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._notes = database[COLLECTION]

    async def ensure_indexes(self) -> None:
        """The look-up every page makes: a school's notes of one kind."""
        await self._notes.create_index([("school_urn", ASCENDING), ("kind", ASCENDING)])

    async def add(self, note: Note) -> bool:
        try:
            await self._notes.insert_one({
                "_id": note.note_id, "school_urn": note.school_urn, "kind": note.kind,
                "subject": note.subject, "fields": dict(note.fields), "author": note.author,
                "written_at": _utc_text(note.written_at)})
        except DuplicateKeyError:
            return False
        return True

    async def notes(self, school_urn: str, kind: NoteKind) -> list[Note]:
        found = await self._notes.find({"school_urn": school_urn, "kind": kind}).to_list(None)
        return oldest_first(_note(document) for document in found)


def _note(document: dict[str, Any]) -> Note:
    return Note(str(document["_id"]), document["school_urn"], cast(NoteKind, document["kind"]),
                document["subject"], dict(document.get("fields") or {}), document["author"],
                datetime.fromisoformat(document["written_at"]))
