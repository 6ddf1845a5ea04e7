"""The risk service's MongoDB adapters on the real store (FerretDB here, MongoDB in production)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from services.risk.engine import new_pupil
from services.risk.ports import StoredPupil
from services.risk.pupil_store import MongoPupilStore
from services.risk.rules import SchoolContext, record_mark
from services.risk.school_store import MongoSchoolStore
from shared.infra.localstack.stack import Endpoints
from tests.unit.risk.builders import MONDAY, SCHOOL, UPN, days_marked, make_upn, school_days

pytestmark = pytest.mark.infra

KEY = f"{SCHOOL}:{UPN}"
STAGED = datetime(2026, 9, 7, 9, tzinfo=UTC)


@pytest.fixture
async def database(infra: Endpoints, unique_name: str) -> AsyncIterator[AsyncDatabase[Any]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb_uri, tz_aware=True)
    yield client[f"risk_store_{unique_name}"]
    await client.drop_database(f"risk_store_{unique_name}")
    await client.close()


def marked(stored: StoredPupil, code: str = "/", days: int = 1,
           outbox: dict[str, Any] | None = None) -> StoredPupil:
    state = stored.state
    for m in days_marked(school_days(MONDAY, days), code, upn=state.upn):
        state, _ = record_mark(state, m, SchoolContext())
    return replace(stored, state=state, new_outbox=outbox or {})


async def test_a_pupil_written_then_read_back_is_the_same_state(
        database: AsyncDatabase[Any]) -> None:
    store = MongoPupilStore(database)
    written = marked(new_pupil(KEY), "N", days=3)
    assert await store.write([written]) == set()
    loaded = (await store.load([KEY]))[KEY]
    assert loaded.state == written.state and loaded.version == 1


async def test_a_write_based_on_an_old_version_loses_and_the_other_writes_still_win(
        database: AsyncDatabase[Any]) -> None:
    store = MongoPupilStore(database)
    other = f"{SCHOOL}:{make_upn(2)}"
    await store.write([marked(new_pupil(KEY)), marked(new_pupil(other))])
    stale = (await store.load([KEY]))[KEY]
    await store.write([marked(stale, days=2)])  # another worker got there first
    lost = await store.write([marked(stale, "O", days=2),
                              marked((await store.load([other]))[other], days=2)])
    assert lost == {KEY}
    assert (await store.load([other]))[other].version == 2


async def test_two_workers_creating_the_same_new_pupil_one_loses(
        database: AsyncDatabase[Any]) -> None:
    store = MongoPupilStore(database)
    assert await store.write([marked(new_pupil(KEY))]) == set()
    assert await store.write([marked(new_pupil(KEY), "O")]) == {KEY}
    assert (await store.load([KEY]))[KEY].state.marks[(MONDAY, "AM")].code == "/"


async def test_outbox_entries_are_found_when_stale_and_cleared_by_id(
        database: AsyncDatabase[Any]) -> None:
    store = MongoPupilStore(database)
    entries = {f"id{n}": {"message": "{}", "staged_at": STAGED, "sequence": n} for n in range(3)}
    await store.write([marked(new_pupil(KEY), outbox=entries)])
    assert await store.staged_before(STAGED) == {}
    assert set((await store.staged_before(STAGED + timedelta(seconds=1)))[KEY]) == set(entries)
    await store.clear_outbox({KEY: ["id0", "id1"]})
    assert (await store.load([KEY]))[KEY].outbox == {"id2": entries["id2"]}


async def test_school_days_accumulate_and_newer_settings_win(
        database: AsyncDatabase[Any]) -> None:
    schools = MongoSchoolStore(database)
    await schools.add_days({SCHOOL: {MONDAY}})
    await schools.add_days({SCHOOL: {MONDAY, MONDAY + timedelta(days=1)}})
    settings = {"school_urn": SCHOOL, "thresholds": {"letter_below_pct": 94},
                "terms": [{"name": "autumn", "start": "2026-09-07", "end": "2026-12-18"}],
                "closures": [{"date": "2026-09-08", "reason": "INSET"}],
                "register_close": {"AM": "09:15", "PM": "13:45"},
                "updated_at": "2026-09-01T10:00:00+01:00"}
    assert await schools.save_settings(settings)
    assert not await schools.save_settings({**settings, "thresholds": {},
                                            "updated_at": "2026-08-01T10:00:00+01:00"})
    day = await schools.register_day(SCHOOL)
    assert day.register_close_am == "09:15"
    assert day.context.thresholds.letter_below_pct == 94
    assert day.context.calendar is not None
    assert not day.context.calendar.is_school_day(date(2026, 9, 8))
    assert await schools.school_urns() == [SCHOOL]


@pytest.mark.timeout(120)
async def test_a_batch_of_more_pupils_than_ferretdb_takes_in_one_command_is_written_whole(
        database: AsyncDatabase[Any]) -> None:
    store = MongoPupilStore(database)
    await store.prepare()
    pupils = [marked(new_pupil(f"{SCHOOL}:{make_upn(serial)}")) for serial in range(1, 131)]
    assert await store.write(pupils) == set()
    loaded = await store.load([pupil.key for pupil in pupils])
    assert len(loaded) == 130 and {p.version for p in loaded.values()} == {1}
    assert await store.write([marked(p, days=2) for p in loaded.values()]) == set()


@pytest.mark.timeout(120)
async def test_few_pupils_read_one_by_one_and_many_read_together_give_the_same_states(
        database: AsyncDatabase[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    store = MongoPupilStore(database)
    await store.prepare()
    pupils = [marked(new_pupil(f"{SCHOOL}:{make_upn(serial)}"), "N") for serial in range(1, 21)]
    await store.write(pupils)
    keys = [pupil.key for pupil in pupils] + [f"{SCHOOL}:{make_upn(99)}"]  # one never stored
    one_by_one = await store.load(keys)
    monkeypatch.setattr("services.risk.pupil_store.POINT_READS_UP_TO", 5)
    together = await store.load(keys)
    assert len(one_by_one) == 20
    assert {key: p.state for key, p in one_by_one.items()} == {
        key: p.state for key, p in together.items()}
    assert await store.write([marked(p, days=2) for p in together.values()]) == set()
