"""What every NoteStore must do; run against the in-memory twin and the Mongo store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.web.leadership.notes import Note, NoteStore, versions_by_subject

AT = datetime(2026, 9, 8, 15, 0, tzinfo=UTC)


def narrative(note_id: str, upn: str, barriers: str, minutes: int = 0,
              urn: str = "100001") -> Note:
    return Note(note_id, urn, "narrative", upn, {"barriers": barriers, "strategies": "s"},
                "Lead", AT + timedelta(minutes=minutes))


async def every_version_is_kept_newest_first(store: NoteStore) -> None:
    assert await store.add(narrative("n1", "A", "first", 0))
    assert await store.add(narrative("n2", "A", "second", 5))
    assert await store.add(narrative("n3", "B", "other pupil", 1))
    versions = versions_by_subject(await store.notes("100001", "narrative"))
    assert [n.fields["barriers"] for n in versions["A"]] == ["second", "first"]
    assert versions["A"][0].written_at == AT + timedelta(minutes=5)
    assert versions["A"][0].author == "Lead"


async def the_same_form_stored_twice_is_one_version(store: NoteStore) -> None:
    assert await store.add(narrative("n1", "A", "first"))
    assert not await store.add(narrative("n1", "A", "first"))
    assert len(await store.notes("100001", "narrative")) == 1


async def notes_stay_with_their_school_and_kind(store: NoteStore) -> None:
    await store.add(narrative("n1", "A", "here"))
    await store.add(narrative("n2", "A", "elsewhere", urn="100002"))
    assert [n.note_id for n in await store.notes("100001", "narrative")] == ["n1"]
    assert await store.notes("100001", "meeting") == []


BEHAVIOURS = [every_version_is_kept_newest_first, the_same_form_stored_twice_is_one_version,
              notes_stay_with_their_school_and_kind]
