"""What the pupil page shows from the leaders' registers: the latest narrative of barriers
and strategies, the pupil's roles and teams, and the legal stage from their signals; and
for the timeline, every version of the narrative and every move of the legal stage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.web.leadership.legal import legal_stage
from services.web.leadership.notes import Note, NoteStore
from services.web.leadership.profile_timeline import legal_stage_entries, narrative_entries
from services.web.readmodel import SignalRecord
from services.web.records.timeline import TimelineEntry


@dataclass(frozen=True)
class ProfileNotes:
    narrative: Note | None
    roles: Note | None
    legal_stage: str | None
    timeline: list[TimelineEntry]


def _latest(notes: Sequence[Note], upn: str) -> Note | None:
    mine = [note for note in notes if note.subject == upn]
    return max(mine, key=lambda note: note.written_at) if mine else None


async def profile_notes(notes: NoteStore, school_urn: str, upn: str,
                        signals: Sequence[SignalRecord]) -> ProfileNotes:
    narratives = await notes.notes(school_urn, "narrative")
    roles = await notes.notes(school_urn, "role")
    return ProfileNotes(_latest(narratives, upn), _latest(roles, upn), legal_stage(signals),
                        narrative_entries(narratives, school_urn, upn)
                        + legal_stage_entries(signals))
