"""However a stream of marks is cut into batches, the state and the signals are the same.

This is what makes a replay, a restart after kill -9 and a second worker safe: the
result depends only on each pupil's marks in arrival order.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.risk.documents import state_document
from services.risk.engine import RiskEngine
from services.risk.memory import InMemoryPublisher, InMemoryPupilStore, InMemorySchoolStore
from shared.kernel.marks import Mark
from tests.unit.risk.builders import MONDAY, SCHOOL, make_upn, message, school_days

DAYS = school_days(MONDAY, 15)
CODES = ["/", "/", "/", "\\", "L", "N", "O", "G", "U", "I", "M", "V", "#", "-"]
NOW = datetime(2026, 10, 1, tzinfo=UTC)

marks_strategy = st.lists(
    st.builds(
        lambda serial, day, session, code, minutes: Mark(
            SCHOOL, make_upn(serial), day, session, code,
            datetime(day.year, day.month, day.day, 8, 50, tzinfo=UTC)
            + timedelta(minutes=minutes)),
        st.integers(1, 3), st.sampled_from(DAYS), st.sampled_from(["AM", "PM"]),
        st.sampled_from(CODES), st.integers(0, 3) .map(lambda n: n * 90)),
    min_size=1, max_size=120)


def replay(marks: list[Mark], cuts: list[int],
           pupils_at_once: int = 500) -> tuple[dict[str, Any], dict[str, list[str]]]:
    store, publisher = InMemoryPupilStore(), InMemoryPublisher()
    engine = RiskEngine(store, InMemorySchoolStore(), publisher, lambda: NOW, pupils_at_once)
    batches = [marks[a:b] for a, b in zip([0, *cuts], [*cuts, len(marks)], strict=True)]

    async def run() -> None:
        for batch in batches:
            await engine.record_marks([message(m) for m in batch])

    asyncio.run(run())
    states = {key: state_document(pupil.state) for key, pupil in store.pupils.items()}
    signals: dict[str, list[str]] = defaultdict(list)
    for key, published in publisher.published:
        signals[key].append(published["signal_id"])
    return states, dict(signals)


@settings(max_examples=60, deadline=None)
@given(marks=marks_strategy, data=st.data())
def test_the_same_marks_cut_into_different_batches_give_the_same_state_and_signals(
        marks: list[Mark], data: st.DataObject) -> None:
    cuts = sorted(set(data.draw(st.lists(st.integers(1, max(1, len(marks) - 1)), max_size=8))))
    cuts = [c for c in cuts if 0 < c < len(marks)]
    assert replay(marks, cuts) == replay(marks, [])


@settings(max_examples=30, deadline=None)
@given(marks=marks_strategy, pupils_at_once=st.integers(1, 3))
def test_a_batch_taken_a_few_pupils_at_a_time_gives_the_same_state_and_signals(
        marks: list[Mark], pupils_at_once: int) -> None:
    assert replay(marks, [], pupils_at_once) == replay(marks, [])


@settings(max_examples=30, deadline=None)
@given(marks=marks_strategy)
def test_a_pupil_marked_one_by_one_ends_as_if_marked_in_one_batch(marks: list[Mark]) -> None:
    one_by_one = replay(marks, list(range(1, len(marks))))
    assert one_by_one == replay(marks, [])
    ids = [i for pupil_ids in one_by_one[1].values() for i in pupil_ids]
    assert len(ids) == len(set(ids))
