"""The leaders' lines in a pupil's timeline: each saved version of the narrative of
barriers and strategies, and each move of the legal stage, dated, so they read in order
with the calls, concerns, texts and letters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time

from services.web.leadership.legal import LEGAL_STAGES
from services.web.leadership.notes import SCHOOL_TIME, Note, oldest_first
from services.web.readmodel import SignalRecord
from services.web.records.timeline import TimelineEntry

# Enough of a narrative to recognise it; the history page has the whole of it.
EXCERPT_CHARS = 140


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def narrative_entries(narratives: Sequence[Note], school_urn: str, upn: str
                      ) -> list[TimelineEntry]:
    """One entry per saved version of the pupil's narrative: who wrote it, when, the start
    of it, and a link to its history."""
    history = f"/schools/{school_urn}/vulnerable/{upn}"
    mine = [note for note in oldest_first(narratives) if note.subject == upn]
    return [TimelineEntry(note.written_at, "Narrative",
                          f"version {number}, written by {note.author}",
                          excerpt(f"Barriers: {note.fields.get('barriers', '–')}. "
                                  f"Strategies: {note.fields.get('strategies', '–')}"),
                          link=history)
            for number, note in enumerate(mine, start=1)]


def _stage_name(kind: str | None) -> str:
    """The stage's short name: its description up to the colon."""
    return LEGAL_STAGES[kind].split(":")[0] if kind else "none"


def _when(signal: SignalRecord) -> tuple[datetime, bool]:
    """When the mark behind the signal was recorded; else only the school day is known."""
    recorded = (signal.caused_by or {}).get("recorded_at")
    if isinstance(recorded, datetime) and recorded.tzinfo is not None:
        return recorded, False
    if isinstance(recorded, str):
        try:
            parsed = datetime.fromisoformat(recorded)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return parsed, False
    return datetime.combine(signal.occurred_on, time(0), SCHOOL_TIME), True


def legal_stage_entries(signals: Sequence[SignalRecord]) -> list[TimelineEntry]:
    """One entry each time the legal stage moved, from the signals it is derived from
    (newest first, as the store gives them); a repeat of the stage in force is no move."""
    entries: list[TimelineEntry] = []
    stage: str | None = None
    for signal in reversed(signals):
        if signal.kind not in LEGAL_STAGES or signal.kind == stage:
            continue
        at, dated_only = _when(signal)
        entries.append(TimelineEntry(
            at, "Legal stage", LEGAL_STAGES[signal.kind],
            f"Moved from: {_stage_name(stage)}. From the attendance checks' signal "
            f"\u201c{signal.kind.replace('_', ' ')}\u201d of {signal.occurred_on:%-d %b %Y}.",
            link="#signals-heading", dated_only=dated_only))
        stage = signal.kind
    return entries


def newest_first(*groups: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """Every group's entries in one timeline, newest first."""
    return sorted((entry for group in groups for entry in group),
                  key=lambda entry: entry.at, reverse=True)
