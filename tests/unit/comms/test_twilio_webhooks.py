"""Twilio's webhooks as the office relies on them: signed, applied, STOP respected."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from twilio.request_validator import RequestValidator

from services.comms.app import CommsService, create_app
from services.comms.deliveries import DeliveryState
from services.comms.dispatch import send_due
from services.comms.model import Purpose
from services.comms.webhooks import WebhookDeps
from tests.unit.comms.builders import DAD_E164, DAY, MUM, MUM_E164, UPN_AMY, london, pupil
from tests.unit.comms.fakes import Office

TOKEN = "webhook-test-token"
PUBLIC = "https://comms.example.test"
NOW = london(DAY, 16)


@dataclass
class MemoryReplies:
    kept: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    opted_out: list[bool | None] = field(default_factory=list)

    async def add(self, message_id: str, sender: str, body: str, received_at: datetime,
                  pupils: list[tuple[str, str]], opted_out: bool | None = None) -> None:
        self.kept.append((sender, body, pupils))
        self.opted_out.append(opted_out)


@dataclass
class Webhooks:
    client: TestClient
    office: Office
    replies: MemoryReplies

    def post(self, path: str, form: dict[str, str], signed: bool = True,
             token: str = TOKEN) -> int:
        signature = RequestValidator(token).compute_signature(PUBLIC + path, form)
        headers = {"X-Twilio-Signature": signature} if signed else {}
        return self.client.post(path, data=form, headers=headers).status_code


@pytest.fixture
def hooks() -> Iterator[Webhooks]:
    office, replies = Office(), MemoryReplies()
    deps = WebhookDeps(office.deliveries, office.directory, office.opt_outs, replies,
                       RequestValidator(TOKEN), PUBLIC, lambda: NOW)

    async def healthy() -> bool:
        return True

    @asynccontextmanager
    async def service() -> AsyncIterator[CommsService]:
        yield CommsService(deps, healthy)

    with TestClient(create_app(service)) as client:
        yield Webhooks(client, office, replies)


async def sent_text(office: Office) -> str:
    amy = office.enrol(pupil())
    office.mark(amy, DAY, "U")
    planned = await office.plan(Purpose.U_TODAY, amy, DAY, london(DAY, 9, 40))
    await send_due(office.deps(), london(DAY, 15, 30))
    return next(t.delivery_id for t in planned if t.recipient == MUM_E164)


async def test_a_delivery_callback_marks_the_text_delivered(hooks: Webhooks) -> None:
    delivery_id = await sent_text(hooks.office)
    path = f"/twilio/status?delivery={delivery_id}"
    assert hooks.post(path, {"MessageSid": "SM1", "MessageStatus": "delivered"}) == 204
    delivery = await hooks.office.deliveries.get(delivery_id)
    assert delivery is not None and delivery.state is DeliveryState.DELIVERED


async def test_an_undelivered_callback_keeps_twilios_error_code(hooks: Webhooks) -> None:
    delivery_id = await sent_text(hooks.office)
    form = {"MessageSid": "SM1", "MessageStatus": "undelivered", "ErrorCode": "30003"}
    assert hooks.post(f"/twilio/status?delivery={delivery_id}", form) == 204
    delivery = await hooks.office.deliveries.get(delivery_id)
    assert delivery is not None and delivery.state is DeliveryState.UNDELIVERED
    assert delivery.error == "Twilio error 30003"


async def test_a_forged_delivery_callback_is_refused(hooks: Webhooks) -> None:
    delivery_id = await sent_text(hooks.office)
    path = f"/twilio/status?delivery={delivery_id}"
    form = {"MessageSid": "SM1", "MessageStatus": "failed"}
    assert hooks.post(path, form, token="someone-elses-token") == 403
    assert hooks.post(path, form, signed=False) == 403
    delivery = await hooks.office.deliveries.get(delivery_id)
    assert delivery is not None and delivery.state is DeliveryState.SENT


async def test_a_callback_for_no_known_text_is_not_found(hooks: Webhooks) -> None:
    assert hooks.post("/twilio/status", {"MessageSid": "SM404",
                                         "MessageStatus": "delivered"}) == 404


async def test_a_parents_reply_is_kept_with_their_childs_record(hooks: Webhooks) -> None:
    hooks.office.enrol(pupil())
    form = {"MessageSid": "SM7", "From": MUM_E164, "Body": "Amy has a dentist appointment"}
    assert hooks.post("/twilio/inbound", form) == 200
    assert hooks.replies.kept == [(MUM_E164, "Amy has a dentist appointment",
                                   [("100001", UPN_AMY)])]


async def test_stop_opts_the_number_out_until_start(hooks: Webhooks) -> None:
    hooks.office.enrol(pupil())
    assert hooks.post("/twilio/inbound", {"MessageSid": "SM8", "From": MUM_E164,
                                          "Body": " stop "}) == 200
    assert await hooks.office.opt_outs.opted_out([MUM]) == {MUM}
    assert hooks.post("/twilio/inbound", {"MessageSid": "SM9", "From": MUM_E164,
                                          "Body": "UNSTOP"}) == 200
    assert await hooks.office.opt_outs.opted_out([MUM]) == set()
    # The staff pages see each reply with what it did to texting.
    assert hooks.replies.opted_out == [True, False]


async def test_an_opted_out_parent_gets_no_more_texts(hooks: Webhooks) -> None:
    hooks.post("/twilio/inbound", {"MessageSid": "SM8", "From": MUM_E164, "Body": "STOP"})
    office = hooks.office
    amy = office.enrol(pupil())
    office.mark(amy, DAY, "U")
    await office.plan(Purpose.U_TODAY, amy, DAY, london(DAY, 9, 40))
    await send_due(office.deps(), london(DAY, 15, 30))
    assert [to for to, _ in office.sender.sent] == [DAD_E164]


async def test_a_forged_stop_does_not_opt_anyone_out(hooks: Webhooks) -> None:
    form = {"MessageSid": "SM8", "From": MUM_E164, "Body": "STOP"}
    assert hooks.post("/twilio/inbound", form, token="forger") == 403
    assert await hooks.office.opt_outs.opted_out([MUM]) == set()


def test_the_service_answers_its_health_check(hooks: Webhooks) -> None:
    answer = hooks.client.get("/healthz")
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}
