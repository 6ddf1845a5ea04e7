"""The behaviour every read-model store must have: run against the in-memory twin
(unit tests) and the MongoDB adapter on FerretDB (integration tests)."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.web.projection import BatchBuilder, FeedMessage
from services.web.settings import FeedTopics
from services.web.store import ReadModelStore
from tests.unit.web import records
from tests.unit.web.records import ADA, BEN, OTHER_URN, URN

TOPICS = FeedTopics()


async def feed(store: ReadModelStore, *messages: tuple[str, dict[str, Any]]) -> None:
    """Store one batch made of (topic, message) pairs, as the feed would."""
    builder = BatchBuilder(TOPICS)
    for offset, (topic, message) in enumerate(messages):
        builder.add(FeedMessage(topic, 0, offset, records.encoded(message)))
    await store.apply(builder.batch)


def marks(*messages: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(TOPICS.marks, message) for message in messages]


async def codes_of(store: ReadModelStore, upn: str) -> dict[tuple[str, str], str]:
    pupil = await store.pupil(URN, upn)
    assert pupil is not None
    return {(m.date.isoformat(), m.session): m.code for m in pupil.marks}


class ReadModelStoreBehaviour:
    """Subclasses provide a `store` fixture: an empty store of the adapter under test."""

    async def test_a_later_recorded_at_replaces_the_sessions_mark(
            self, store: ReadModelStore) -> None:
        await feed(store, *marks(records.mark(BEN, "2026-09-03", "AM", "N",
                                              "2026-09-03T09:05:00+01:00")))
        await feed(store, *marks(records.mark(BEN, "2026-09-03", "AM", "I",
                                              "2026-09-03T11:30:00+01:00")))
        assert await codes_of(store, BEN) == {("2026-09-03", "AM"): "I"}

    async def test_an_equal_or_older_recorded_at_changes_nothing(
            self, store: ReadModelStore) -> None:
        await feed(store, *marks(records.mark(BEN, "2026-09-03", "AM", "I",
                                              "2026-09-03T11:30:00+01:00")))
        await feed(store, *marks(
            records.mark(BEN, "2026-09-03", "AM", "O", "2026-09-03T10:00:00+01:00"),
            records.mark(BEN, "2026-09-03", "AM", "I", "2026-09-03T10:30:00Z")))
        assert await codes_of(store, BEN) == {("2026-09-03", "AM"): "I"}

    async def test_marks_in_one_batch_count_as_if_stored_one_by_one(
            self, store: ReadModelStore) -> None:
        await feed(store, *marks(
            records.mark(BEN, "2026-09-03", "AM", "N", "2026-09-03T09:05:00+01:00"),
            records.mark(BEN, "2026-09-03", "AM", "M", "2026-09-03T12:00:00+01:00"),
            records.mark(BEN, "2026-09-03", "AM", "O", "2026-09-03T10:00:00+01:00"),
            records.mark(BEN, "2026-09-03", "PM", "\\")))
        assert await codes_of(store, BEN) == {("2026-09-03", "AM"): "M",
                                              ("2026-09-03", "PM"): "\\"}

    async def test_replaying_every_message_again_gives_the_same_read_models(
            self, store: ReadModelStore) -> None:
        messages = [*marks(*records.school_marks()),
                    *[(TOPICS.pupils, p) for p in records.school_pupils()],
                    (TOPICS.schools, records.school_settings())]
        await feed(store, *messages)
        before = sorted(await store.pupils(URN), key=lambda p: p.upn)
        await feed(store, *messages)
        for message in messages:
            await feed(store, message)
        assert sorted(await store.pupils(URN), key=lambda p: p.upn) == before

    async def test_a_school_knows_the_days_holding_its_marks_before_any_settings(
            self, store: ReadModelStore) -> None:
        await feed(store, *marks(*records.school_marks()))
        school = await store.school(URN)
        assert school is not None and school.name is None and school.terms == ()
        assert school.mark_days == {date(2026, 9, d) for d in (2, 3, 7, 8)}
        assert school.latest_mark_day == date(2026, 9, 8)

    async def test_school_settings_bring_the_name_terms_and_closures(
            self, store: ReadModelStore) -> None:
        await feed(store, (TOPICS.schools, records.school_settings()))
        await feed(store, (TOPICS.schools, records.school_settings(
            name="An older name", updated_at="2026-08-01T10:00:00+01:00")))
        school = await store.school(URN)
        assert school is not None and school.display_name == "Juniper Lane Primary"
        assert [t.start for t in school.terms] == [date(2026, 9, 2)]
        assert school.closures == {date(2026, 9, 4)}

    async def test_a_newer_roster_entry_replaces_and_an_older_one_is_ignored(
            self, store: ReadModelStore) -> None:
        await feed(store, (TOPICS.pupils, records.pupil(
            ADA, "Ada", "Lovelace", 3, "2018-05-01", updated_at="2026-09-01T08:00:00Z")))
        await feed(store, (TOPICS.pupils, records.pupil(
            ADA, "Ada", "Byron", 4, "2018-05-01", updated_at="2026-09-05T08:00:00Z")))
        await feed(store, (TOPICS.pupils, records.pupil(
            ADA, "Ada", "Older", 2, "2018-05-01", updated_at="2026-09-02T08:00:00Z")))
        pupil = await store.pupil(URN, ADA)
        assert pupil is not None and pupil.details is not None
        assert (pupil.display_name, pupil.details.year_group) == ("Ada Byron", 4)

    async def test_every_write_to_a_school_moves_its_version_on(
            self, store: ReadModelStore) -> None:
        await feed(store, *marks(records.present(ADA, "2026-09-02", "AM")))
        first = await store.school(URN)
        await feed(store, (TOPICS.pupils, records.school_pupils()[0]))
        second = await store.school(URN)
        assert first is not None and second is not None and second.version > first.version

    async def test_a_schools_pupils_come_back_in_one_read_without_other_schools(
            self, store: ReadModelStore) -> None:
        await feed(store, *marks(*records.school_marks()),
                   *[(TOPICS.pupils, p) for p in records.school_pupils()],
                   *marks(records.mark(ADA, "2026-09-02", "AM", "/", urn=OTHER_URN)))
        pupils = await store.pupils(URN)
        assert len(pupils) == 3 and {p.school_urn for p in pupils} == {URN}
        assert sum(len(p.marks) for p in pupils) == len(records.school_marks())
        assert [s.school_urn for s in await store.schools()] == [URN, OTHER_URN]
        assert [s.school_urn for s in await store.schools([OTHER_URN])] == [OTHER_URN]

    async def test_signals_come_back_newest_first_and_a_resent_one_is_kept_once(
            self, store: ReadModelStore) -> None:
        older = records.signal(ADA, "attendance_below_96", "2026-09-03")
        newer = records.signal(ADA, "persistent_absence_entered", "2026-09-08")
        await feed(store, (TOPICS.signals, older), (TOPICS.signals, newer))
        await feed(store, (TOPICS.signals, older))
        signals = await store.signals(URN, ADA)
        assert [s.kind for s in signals] == ["persistent_absence_entered",
                                             "attendance_below_96"]
        assert await store.signals(URN, BEN) == []

    async def test_an_unknown_school_or_pupil_is_none(self, store: ReadModelStore) -> None:
        assert await store.school("999999") is None
        assert await store.pupil(URN, ADA) is None
