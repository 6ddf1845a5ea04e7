"""Letters in MongoDB: `letters` (one document per letter id, with its state) and
`issued_letters` (the PDF of every issued letter, kept).

A letter is created once per id (a replayed signal finds it); each change is one write
conditioned on the state and version it expects, so two members of staff cannot both
issue it. Every write bumps `version` and flags the document `unpublished` in the same
write: the event publisher (services.comms.publisher) tells the staff pages after.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from typing import Any

from bson import Binary
from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.comms.letters import Letter, LetterKind, LetterState

Document = dict[str, Any]


class MongoLetters:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._letters = database["letters"]
        self._issued = database["issued_letters"]

    async def create_indexes(self) -> None:
        await self._letters.create_index([("school_urn", ASCENDING), ("state", ASCENDING)])

    async def add(self, letter: Letter) -> bool:
        """Store a new letter; False when that letter already exists."""
        try:
            await self._letters.insert_one(letter_document(replace(letter, version=1)))
        except DuplicateKeyError:
            return False
        return True

    async def get(self, letter_id: str) -> Letter | None:
        doc = await self._letters.find_one({"_id": letter_id})
        return None if doc is None else _letter(doc)

    async def replace(self, before: Letter, after: Letter) -> bool:
        """Save `after` if the stored letter is still in `before`'s state."""
        result = await self._letters.replace_one(
            {"_id": before.letter_id, "state": str(before.state), "version": before.version},
            letter_document(replace(after, version=before.version + 1)))
        return result.modified_count == 1

    async def keep_issued(self, letter: Letter, pdf: bytes) -> None:
        doc = {"_id": letter.letter_id, "school_urn": letter.school_urn, "upn": letter.upn,
               "kind": str(letter.kind), "issued_at": letter.issued_at, "pdf": Binary(pdf)}
        with suppress(DuplicateKeyError):
            await self._issued.insert_one(doc)

    async def issued_pdf(self, letter_id: str) -> bytes | None:
        doc = await self._issued.find_one({"_id": letter_id})
        return None if doc is None else bytes(doc["pdf"])

    async def for_school(self, school_urn: str,
                         state: LetterState | None = None) -> list[Letter]:
        query: Document = {"school_urn": school_urn}
        if state is not None:
            query["state"] = str(state)
        cursor = self._letters.find(query).sort([("created_at", ASCENDING), ("_id", 1)])
        return [_letter(doc) async for doc in cursor]


def letter_document(letter: Letter) -> Document:
    return {"_id": letter.letter_id, "school_urn": letter.school_urn, "upn": letter.upn,
            "kind": str(letter.kind), "state": str(letter.state), "context": letter.context,
            "created_at": letter.created_at, "note": letter.note,
            "approved_by": letter.approved_by, "issued_at": letter.issued_at,
            "version": letter.version, "updated_at": letter.updated_at or letter.created_at,
            "unpublished": True}


def _letter(doc: Document) -> Letter:
    return Letter(doc["_id"], doc["school_urn"], doc["upn"], LetterKind(doc["kind"]),
                  LetterState(doc["state"]), doc["context"], doc["created_at"],
                  doc.get("note", ""), doc.get("approved_by"), doc.get("issued_at"),
                  doc.get("version", 0), doc.get("updated_at"))


async def issue_letter(letters: MongoLetters, letter: Letter, pdf: bytes,
                       issued: Letter, now: datetime) -> bool:
    """Keep the PDF, then move the letter to issued (a retry keeps the same PDF)."""
    await letters.keep_issued(issued, pdf)
    return await letters.replace(letter, issued)
