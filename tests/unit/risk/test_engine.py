"""The risk engine on in-memory stores: batching, the outbox, idempotency and lost races."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from services.risk.documents import state_document
from services.risk.engine import RiskEngine
from services.risk.memory import InMemoryPublisher, InMemoryPupilStore, InMemorySchoolStore
from services.risk.ports import StoredPupil
from shared.contracts.signals_v1 import SignalV1
from tests.unit.risk.builders import (
    MONDAY,
    SCHOOL,
    UPN,
    days_marked,
    make_upn,
    mark,
    message,
    messages,
    school_days,
)

NOW = datetime(2026, 9, 21, 9, 30, tzinfo=UTC)
DAYS = school_days(MONDAY, 10)


class FailingPublisher(InMemoryPublisher):
    async def publish(self, batch: Sequence[tuple[str, str]]) -> None:
        raise ConnectionError("broker unavailable")


def engine(pupils: InMemoryPupilStore | None = None,
           publisher: InMemoryPublisher | None = None) -> RiskEngine:
    return RiskEngine(pupils or InMemoryPupilStore(), InMemorySchoolStore(),
                      publisher or InMemoryPublisher(), lambda: NOW)


async def test_a_batch_of_many_pupils_is_read_once_and_written_once() -> None:
    store, publisher = InMemoryPupilStore(), InMemoryPublisher()
    batch = [message(m) for serial in range(1, 30)
             for m in days_marked(DAYS[:1], "N", upn=make_upn(serial))]
    changed = await engine(store, publisher).record_marks(batch)
    assert changed == 29
    assert (store.reads, store.writes) == (1, 1)
    # Each: below 96, 95 and 92, PA, SA (0% so far) and absent without reason today.
    assert len(publisher.published) == 29 * 6


class LargestLoad(InMemoryPupilStore):
    """Remembers the most pupils loaded by one read."""

    largest = 0

    async def load(self, keys: Sequence[str]) -> dict[str, StoredPupil]:
        self.largest = max(self.largest, len(keys))
        return await super().load(keys)


async def test_a_batch_holds_at_most_pupils_at_once_pupils_and_writes_each_pupil_once() -> None:
    store, publisher = LargestLoad(), InMemoryPublisher()
    risk = RiskEngine(store, InMemorySchoolStore(), publisher, lambda: NOW, pupils_at_once=10)
    batch = [message(m) for day in DAYS[:3] for serial in range(1, 30)
             for m in days_marked([day], "N", upn=make_upn(serial))]
    assert await risk.record_marks(batch) == 29
    assert store.largest == 10
    assert (store.reads, store.writes) == (3, 3)  # 10 + 10 + 9 pupils, each written once
    assert {key for key, _ in publisher.published} == set(store.pupils)
    assert all(p.version == 1 and len(p.state.lines) == 6 for p in store.pupils.values())


def test_a_worker_refuses_to_hold_fewer_than_one_pupil_at_once() -> None:
    with pytest.raises(ValueError, match="pupils_at_once is 0; it must be at least 1"):
        RiskEngine(InMemoryPupilStore(), InMemorySchoolStore(), InMemoryPublisher(),
                   lambda: NOW, pupils_at_once=0)


async def test_raw_mark_messages_are_applied_and_one_that_is_not_json_is_skipped() -> None:
    store = InMemoryPupilStore()
    raw = [json.dumps(message(m)).encode() for m in days_marked(DAYS[:2], "/")]
    assert await engine(store).record_marks([raw[0], b"{not json", *raw[1:]]) == 1
    assert len(store.pupils[f"{SCHOOL}:{UPN}"].state.lines) == 4


async def test_published_signals_leave_the_outbox_with_the_pupils_next_write() -> None:
    store = InMemoryPupilStore()
    risk = engine(store)
    await risk.record_marks(messages(days_marked(DAYS[:1], "N")))
    writes = store.writes
    await risk.record_marks(messages(days_marked(DAYS[1:2], "/")))
    assert store.pupils[f"{SCHOOL}:{UPN}"].outbox == {}
    assert store.writes == writes + 1, "cleared by the state write itself, not another"


async def test_published_signals_of_a_pupil_not_written_again_are_cleared_once_they_waited(
        ) -> None:
    store = InMemoryPupilStore()
    risk = engine(store)
    await risk.record_marks(messages(days_marked(DAYS[:1], "N")))
    assert await risk.clear_published(NOW) == 0, "published just now: not yet"
    assert await risk.clear_published(NOW + timedelta(seconds=1)) == 1
    assert store.pupils[f"{SCHOOL}:{UPN}"].outbox == {}


async def test_signals_are_valid_signal_messages_keyed_by_pupil() -> None:
    publisher = InMemoryPublisher()
    await engine(publisher=publisher).record_marks([message(mark(DAYS[0], "AM", "N"),
                                                            "2026-09-07T08:51:00+00:00")])
    key, published = publisher.published[0]
    signal = SignalV1.model_validate(published)
    assert key == f"{SCHOOL}:{UPN}" and signal.upn == UPN
    assert published["ingested_at"] == "2026-09-07T08:51:00+00:00"
    assert signal.caused_by is not None and signal.caused_by.session == "AM"


async def test_a_redelivered_batch_changes_nothing_and_signals_nothing_again() -> None:
    store, publisher = InMemoryPupilStore(), InMemoryPublisher()
    batch = messages(days_marked(DAYS[:5]) + days_marked(DAYS[5:7], "N"))
    await engine(store, publisher).record_marks(batch)
    before = {key: (p.version, state_document(p.state)) for key, p in store.pupils.items()}
    sent = list(publisher.published)
    assert await engine(store, publisher).record_marks(batch) == 0
    after = {key: (p.version, state_document(p.state)) for key, p in store.pupils.items()}
    assert after == before and publisher.published == sent


async def test_signals_left_in_the_outbox_when_publishing_fails_are_kept_for_later() -> None:
    store = InMemoryPupilStore()
    with pytest.raises(ConnectionError):
        await engine(store, FailingPublisher()).record_marks(messages(days_marked(DAYS[:1], "N")))
    pupil = store.pupils[f"{SCHOOL}:{UPN}"]
    assert len(pupil.outbox) == 6
    assert {json.loads(entry["message"])["kind"] for entry in pupil.outbox.values()} >= {
        "absent_without_reason_today"}


async def test_two_workers_racing_on_one_pupil_both_take_effect_exactly_once() -> None:
    store, publisher = InMemoryPupilStore(), InMemoryPublisher()
    first = messages(days_marked(DAYS[:5]))
    second = messages(days_marked(DAYS[5:6], "N"))
    await asyncio.gather(engine(store, publisher).record_marks(first),
                         engine(store, publisher).record_marks(second))
    pupil = store.pupils[f"{SCHOOL}:{UPN}"]
    assert len(pupil.state.marks) == 12
    assert pupil.state.years["2026"].figures.possible == 12
    ids = publisher.ids()
    assert len(ids) == len(set(ids))


async def test_a_roster_change_recounts_the_year_without_the_sessions_off_roll() -> None:
    store = InMemoryPupilStore()
    risk = engine(store)
    await risk.record_marks(messages(days_marked(DAYS)))
    await risk.record_roster([{"school_urn": SCHOOL, "upn": UPN, "admission_date": "2026-09-14",
                               "leaving_date": None, "date_of_birth": "2015-03-02",
                               "flags": {"independent_travel": True},
                               "updated_at": "2026-09-20T10:00:00+01:00"}])
    state = store.pupils[f"{SCHOOL}:{UPN}"].state
    assert state.years["2026"].figures.possible == 10
    assert state.roster.independent_travel


async def test_an_older_roster_record_does_not_replace_a_newer_one() -> None:
    store = InMemoryPupilStore()
    risk = engine(store)
    record = {"school_urn": SCHOOL, "upn": UPN, "admission_date": "2026-09-01",
              "flags": {"independent_travel": True}, "updated_at": "2026-09-20T10:00:00+00:00"}
    await risk.record_roster([record])
    assert await risk.record_roster([{**record, "flags": {}, "updated_at":
                                      "2026-09-19T10:00:00+00:00"}]) == 0
    assert store.pupils[f"{SCHOOL}:{UPN}"].state.roster.independent_travel


async def test_unreadable_messages_are_skipped_and_the_rest_applied() -> None:
    store = InMemoryPupilStore()
    good = message(mark(DAYS[0], "AM", "/"))
    bad = [{**good, "code": "??"}, {**good, "upn": "not a upn"}, {"nonsense": True}, "text"]
    assert await engine(store).record_marks([*bad, good]) == 1
    assert len(store.pupils[f"{SCHOOL}:{UPN}"].state.marks) == 1


async def test_the_days_holding_marks_are_remembered_per_school() -> None:
    schools = InMemorySchoolStore()
    risk = RiskEngine(InMemoryPupilStore(), schools, InMemoryPublisher(), lambda: NOW)
    await risk.record_marks(messages(days_marked(DAYS[:3])))
    assert schools.days[SCHOOL] == set(DAYS[:3])
