"""One behaviour suite for delivery records, run on MongoDB/FerretDB and in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.comms.deliveries import DeliveryState, DeliveryStore
from services.comms.memory import MemoryDeliveries
from services.comms.model import Purpose
from services.comms.mongo_deliveries import MongoDeliveries
from services.comms.planning import PlannedText, plan_text
from tests.unit.comms.builders import DAY, MUM_E164, UPN_AMY, UPN_BEN, london, policy, pupil

NOW = london(DAY, 9, 40)


@pytest.fixture(params=["mongo", "memory"])
async def store(request: pytest.FixtureRequest,
                comms_db: AsyncDatabase[dict[str, Any]]) -> AsyncIterator[DeliveryStore]:
    if request.param == "memory":
        yield MemoryDeliveries()
        return
    mongo = MongoDeliveries(comms_db)
    await mongo.create_indexes()
    yield mongo


def u_today(upn: str = UPN_AMY, name: str = "Amy") -> list[PlannedText]:
    planned = plan_text(Purpose.U_TODAY, pupil(upn, name), DAY, policy(), day_codes=["U"],
                        opted_out=(), now=NOW)
    assert isinstance(planned, list)
    return planned


def to_mum(texts: list[PlannedText]) -> PlannedText:
    return next(t for t in texts if t.recipient == MUM_E164)


async def test_a_planned_text_is_recorded_once_however_often_it_is_planned(
        store: DeliveryStore) -> None:
    for _ in range(3):
        for text in u_today():
            await store.record(text, NOW)
    stored = await store.for_school("100001", DAY)
    assert len(stored) == 2
    assert all(d.state is DeliveryState.PENDING for d in stored)


async def test_a_sibling_joins_the_pending_text_to_the_same_parent(
        store: DeliveryStore) -> None:
    await store.record(to_mum(u_today()), NOW)
    await store.record(to_mum(u_today(UPN_BEN, "Ben")), NOW)
    delivery = await store.get(to_mum(u_today()).delivery_id)
    assert delivery is not None
    assert [p.name for p in delivery.pupils] == ["Amy", "Ben"]


async def test_a_text_is_due_only_from_its_time_and_claimed_by_one_sender(
        store: DeliveryStore) -> None:
    text = to_mum(u_today())
    await store.record(text, NOW)
    assert await store.due(london(DAY, 15, 29)) == []
    assert [d.delivery_id for d in await store.due(text.due_at)] == [text.delivery_id]
    assert await store.claim(text.delivery_id, "hello", text.due_at)
    assert not await store.claim(text.delivery_id, "hello", text.due_at)
    assert await store.due(text.due_at) == []


async def test_a_sent_text_is_not_reopened_by_a_late_sibling(store: DeliveryStore) -> None:
    text = to_mum(u_today())
    await store.record(text, NOW)
    await store.claim(text.delivery_id, "hello", text.due_at)
    await store.finish(text.delivery_id, DeliveryState.SENT, text.due_at, provider_id="SM1")
    await store.record(to_mum(u_today(UPN_BEN, "Ben")), text.due_at)
    delivery = await store.get(text.delivery_id)
    assert delivery is not None and delivery.state is DeliveryState.SENT
    assert [p.name for p in delivery.pupils] == ["Amy"]
    assert await store.due(london(DAY, 16)) == []


async def test_status_callbacks_move_forwards_only(store: DeliveryStore) -> None:
    text = to_mum(u_today())
    await store.record(text, NOW)
    await store.claim(text.delivery_id, "hello", text.due_at)
    await store.finish(text.delivery_id, DeliveryState.SENT, text.due_at, provider_id="SM1")
    assert await store.provider_status(None, "SM1", DeliveryState.DELIVERED, text.due_at)
    await store.provider_status(None, "SM1", DeliveryState.SENT, text.due_at)
    assert not await store.provider_status(None, "SM-unknown", DeliveryState.SENT, NOW)
    delivery = await store.get(text.delivery_id)
    assert delivery is not None and delivery.state is DeliveryState.DELIVERED


async def test_an_abandoned_claim_becomes_unknown_until_staff_decide(
        store: DeliveryStore) -> None:
    text = to_mum(u_today())
    await store.record(text, NOW)
    await store.claim(text.delivery_id, "hello", text.due_at)
    assert await store.mark_unknown(london(DAY, 16), london(DAY, 16)) == 1
    assert await store.due(london(DAY, 16)) == []
    assert await store.decide_unknown(text.delivery_id, False, "office", london(DAY, 16, 5))
    delivery = await store.get(text.delivery_id)
    assert delivery is not None and delivery.state is DeliveryState.SENT


async def test_a_callback_about_an_unknown_send_settles_it(store: DeliveryStore) -> None:
    text = to_mum(u_today())
    await store.record(text, NOW)
    await store.claim(text.delivery_id, "hello", text.due_at)
    await store.mark_unknown(london(DAY, 16), london(DAY, 16))
    assert await store.provider_status(text.delivery_id, "SM9", DeliveryState.DELIVERED,
                                       london(DAY, 16, 1))
    delivery = await store.get(text.delivery_id)
    assert delivery is not None and delivery.state is DeliveryState.DELIVERED
    assert delivery.provider_id == "SM9"


async def test_a_cancelled_text_stays_cancelled(store: DeliveryStore) -> None:
    text = to_mum(u_today())
    await store.record(text, NOW)
    await store.cancel(text.delivery_id, "opted_out", NOW)
    await store.record(text, NOW)
    delivery = await store.get(text.delivery_id)
    assert delivery is not None and delivery.state is DeliveryState.CANCELLED
    assert delivery.error == "opted_out"
