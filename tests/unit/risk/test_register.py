"""The clock-driven checks, run with a simulated clock: absent with no AM mark, old N marks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from services.risk.engine import RiskEngine
from services.risk.memory import InMemoryPublisher, InMemoryPupilStore, InMemorySchoolStore
from services.risk.ports import StoredPupil
from services.risk.register import SCHOOL_TIME, check_register
from services.risk.rules import SchoolContext
from shared.kernel.calendar import SchoolCalendar, Term
from tests.unit.risk.builders import (
    MONDAY,
    SCHOOL,
    days_marked,
    make_upn,
    mark,
    message,
    messages,
    school_days,
)

DAYS = school_days(MONDAY, 10)
AUTUMN = SchoolCalendar((Term("autumn", MONDAY, MONDAY + timedelta(days=80)),))


def london(day_index: int, hour: int, minute: int = 0) -> datetime:
    day = DAYS[day_index]
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SCHOOL_TIME)


def school(calendar: SchoolCalendar | None = AUTUMN) -> tuple[RiskEngine, InMemoryPublisher]:
    publisher = InMemoryPublisher()
    contexts = {SCHOOL: SchoolContext(calendar=calendar)} if calendar else {}
    engine = RiskEngine(InMemoryPupilStore(), InMemorySchoolStore(contexts), publisher,
                        lambda: datetime(2026, 9, 1, tzinfo=UTC))
    return engine, publisher


def kinds_by_pupil(publisher: InMemoryPublisher, kind: str) -> list[str]:
    return sorted(message["upn"] for _, message in publisher.published if message["kind"] == kind)


async def test_before_the_register_closes_nobody_is_signalled_absent() -> None:
    engine, publisher = school()
    await engine.record_marks(messages(days_marked(DAYS[:1], upn=make_upn(2))))
    assert await check_register(engine, SCHOOL, DAYS[1], london(1, 8, 59)) is None
    assert kinds_by_pupil(publisher, "absent_without_reason_today") == []


async def test_after_the_register_closed_pupils_with_no_morning_mark_are_signalled_once() -> None:
    engine, publisher = school()
    await engine.record_marks(messages([*days_marked(DAYS[:1], upn=make_upn(1)),
                                        *days_marked(DAYS[:1], upn=make_upn(2)),
                                        mark(DAYS[1], "AM", "/", upn=make_upn(1))]))
    assert await check_register(engine, SCHOOL, DAYS[1], london(1, 9, 0)) == 1
    assert await check_register(engine, SCHOOL, DAYS[1], london(1, 11, 0)) == 0
    absent = [m for _, m in publisher.published if m["kind"] == "absent_without_reason_today"]
    assert [m["upn"] for m in absent] == [make_upn(2)]
    assert absent[0]["caused_by"] is None and absent[0]["occurred_on"] == DAYS[1].isoformat()
    assert absent[0]["detail"]["reason"] == "no_mark_after_register_closed"


async def test_an_n_mark_arriving_after_the_check_does_not_signal_the_pupil_again() -> None:
    engine, publisher = school()
    await engine.record_marks(messages(days_marked(DAYS[:1])))
    await check_register(engine, SCHOOL, DAYS[1], london(1, 9, 30))
    await engine.record_marks([message(mark(DAYS[1], "AM", "N"))])
    assert len(kinds_by_pupil(publisher, "absent_without_reason_today")) == 1


async def test_no_pupil_is_signalled_absent_on_a_day_that_is_not_a_school_day() -> None:
    engine, publisher = school()
    saturday = DAYS[4] + timedelta(days=1)
    await engine.record_marks(messages(days_marked(DAYS[:5])))
    closes = datetime(saturday.year, saturday.month, saturday.day, 10, tzinfo=SCHOOL_TIME)
    assert await check_register(engine, SCHOOL, saturday, closes) is None
    assert kinds_by_pupil(publisher, "absent_without_reason_today") == []


async def test_a_school_without_a_calendar_counts_a_day_once_any_pupil_was_marked() -> None:
    engine, publisher = school(calendar=None)
    await engine.record_marks(messages(days_marked(DAYS[:1], upn=make_upn(1))
                                       + days_marked(DAYS[:1], upn=make_upn(2))))
    assert await check_register(engine, SCHOOL, DAYS[1], london(1, 9, 30)) is None
    assert kinds_by_pupil(publisher, "absent_without_reason_today") == []
    await engine.record_marks([message(mark(DAYS[1], "AM", "/", upn=make_upn(1)))])
    assert await check_register(engine, SCHOOL, DAYS[1], london(1, 9, 30)) == 1
    assert kinds_by_pupil(publisher, "absent_without_reason_today") == [make_upn(2)]


async def test_an_n_mark_still_unresolved_3_school_days_later_is_signalled_by_the_clock() -> None:
    engine, publisher = school()
    await engine.record_marks(messages(days_marked(DAYS[:1], "N")))
    await check_register(engine, SCHOOL, DAYS[2], london(2, 10))
    assert kinds_by_pupil(publisher, "unresolved_n") == []
    await check_register(engine, SCHOOL, DAYS[3], london(3, 10))
    assert len(kinds_by_pupil(publisher, "unresolved_n")) == 2  # AM and PM


async def test_a_large_school_is_checked_a_group_of_pupils_at_a_time() -> None:
    store, publisher = InMemoryPupilStore(), InMemoryPublisher()
    engine = RiskEngine(store, InMemorySchoolStore({SCHOOL: SchoolContext(calendar=AUTUMN)}),
                        publisher, lambda: datetime(2026, 9, 1, tzinfo=UTC), pupils_at_once=4)
    await engine.record_marks([message(m) for serial in range(1, 11)
                               for m in days_marked(DAYS[:1], upn=make_upn(serial))])
    loads: list[int] = []
    load = store.load

    async def counted(keys: Sequence[str]) -> dict[str, StoredPupil]:
        loads.append(len(keys))
        return await load(keys)

    store.load = counted  # type: ignore[method-assign]
    assert await check_register(engine, SCHOOL, DAYS[1], london(1, 9, 30)) == 10
    assert loads == [4, 4, 2]
    assert kinds_by_pupil(publisher, "absent_without_reason_today") == sorted(
        make_upn(serial) for serial in range(1, 11))
