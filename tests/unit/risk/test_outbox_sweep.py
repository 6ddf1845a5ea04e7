"""Signals a crashed worker left in outboxes are published once, later, and never twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from services.risk.engine import RiskEngine
from services.risk.memory import InMemoryPublisher, InMemoryPupilStore, InMemorySchoolStore
from services.risk.outbox import sweep_outbox
from tests.unit.risk.builders import MONDAY, SCHOOL, UPN, days_marked, messages, school_days

STAGED = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)
GRACE = timedelta(seconds=10)


class CrashAfterPublishing(InMemoryPublisher):
    """Publishes, then dies before the outbox is cleared (as kill -9 would)."""

    async def publish(self, messages: Sequence[tuple[str, str]]) -> None:
        await super().publish(messages[:2])
        raise ConnectionError("killed")


async def crashed_worker(publisher: InMemoryPublisher) -> InMemoryPupilStore:
    store = InMemoryPupilStore()
    engine = RiskEngine(store, InMemorySchoolStore(), publisher, lambda: STAGED)
    with pytest.raises(ConnectionError):
        await engine.record_marks(messages(days_marked(school_days(MONDAY, 1), "N")))
    return store


async def test_a_sweep_within_the_grace_period_leaves_a_live_workers_outbox_alone() -> None:
    topic = CrashAfterPublishing()
    store = await crashed_worker(topic)
    assert await sweep_outbox(store, topic, topic, STAGED + GRACE / 2, GRACE) == 0
    assert len(store.pupils[f"{SCHOOL}:{UPN}"].outbox) == 6


async def test_a_sweep_publishes_only_what_is_not_on_the_topic_yet_and_clears_all() -> None:
    topic = CrashAfterPublishing()
    store = await crashed_worker(topic)
    survivor = InMemoryPublisher()
    survivor.published = list(topic.published)  # the same topic, seen by another worker
    assert await sweep_outbox(store, survivor, survivor, STAGED + 2 * GRACE, GRACE) == 4
    ids = survivor.ids()
    assert len(ids) == len(set(ids)) == 6
    assert store.pupils[f"{SCHOOL}:{UPN}"].outbox == {}


async def test_a_sweep_leaves_alone_the_pupils_this_worker_is_publishing_right_now() -> None:
    topic = CrashAfterPublishing()
    store = await crashed_worker(topic)
    swept = await sweep_outbox(store, topic, topic, STAGED + 2 * GRACE, GRACE,
                               in_flight={f"{SCHOOL}:{UPN}"})
    assert swept == 0 and len(store.pupils[f"{SCHOOL}:{UPN}"].outbox) == 6
