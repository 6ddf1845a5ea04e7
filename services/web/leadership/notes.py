"""What leaders write: register narratives, meeting records and pupils' roles and teams.

Each save is a new version (append-only, with its author and time), so the history of
a narrative is kept; the id is made when the form is shown, so sending the same form
twice stores it once. Two adapters: MongoNoteStore (mongo_notes.py) and the in-memory
twin below; one behaviour suite runs against both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

NoteKind = Literal["narrative", "meeting", "role"]
# What each kind of note holds, and how each field is labelled on its form.
NOTE_FIELDS: dict[NoteKind, dict[str, str]] = {
    "narrative": {"barriers": "Barriers to attendance",
                  "strategies": "Strategies to improve attendance"},
    "meeting": {"held_on": "Date of the meeting", "attendees": "Who attended",
                "discussed": "What was discussed", "actions": "Actions agreed (who, by when)"},
    "role": {"roles": "Roles and teams (e.g. school council, football team)"},
}
OPTIONAL_FIELDS = frozenset({"attendees"})
MAX_FIELD_CHARS = 2000
SCHOOL_TIME = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Note:
    """One version of a note. `subject` is the pupil's UPN, or a meeting's half-term."""

    note_id: str
    school_urn: str
    kind: NoteKind
    subject: str
    fields: Mapping[str, str]
    author: str
    written_at: datetime

    @property
    def written_locally(self) -> str:
        """When it was written, in school-local time, as staff read it."""
        return self.written_at.astimezone(SCHOOL_TIME).strftime("%-d %b %Y %H:%M")


class NoteStore(Protocol):
    """Append-only storage of leaders' notes (the web service's own collection)."""

    async def add(self, note: Note) -> bool:
        """Store a version; False (and nothing changes) when its id is already stored."""

    async def notes(self, school_urn: str, kind: NoteKind) -> list[Note]:
        """Every version of a school's notes of one kind, oldest first."""


@dataclass
class InMemoryNoteStore:
    """NoteStore in process memory (unit tests)."""

    stored: dict[str, Note] = field(default_factory=dict)

    async def add(self, note: Note) -> bool:
        if note.note_id in self.stored:
            return False
        self.stored[note.note_id] = note
        return True

    async def notes(self, school_urn: str, kind: NoteKind) -> list[Note]:
        return oldest_first(n for n in self.stored.values()
                            if n.school_urn == school_urn and n.kind == kind)


def oldest_first(notes: Iterable[Note]) -> list[Note]:
    """By time written; versions written in one instant keep the order they were stored."""
    return sorted(notes, key=lambda n: n.written_at)


def versions_by_subject(notes: Sequence[Note]) -> dict[str, list[Note]]:
    """Each subject's versions, newest first (the first is the one in force)."""
    by_subject: dict[str, list[Note]] = {}
    for note in oldest_first(notes):
        by_subject.setdefault(note.subject, []).insert(0, note)
    return by_subject


class NoteProblemError(ValueError):
    """What is wrong with a submitted note, naming the field as the form labels it."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


def note_fields(kind: NoteKind, form: Mapping[str, str]) -> dict[str, str]:
    """The note's fields from a form: each required one filled in, none too long."""
    values: dict[str, str] = {}
    for name, label in NOTE_FIELDS[kind].items():
        text = str(form.get(name, "")).strip()
        if not text and name not in OPTIONAL_FIELDS:
            raise NoteProblemError(name, f"{label}: this is needed; write a few words.")
        if len(text) > MAX_FIELD_CHARS:
            raise NoteProblemError(name, f"{label}: {len(text)} characters is too long; keep "
                                         f"it under {MAX_FIELD_CHARS} (concise is the plan).")
        values[name] = text
    return values
