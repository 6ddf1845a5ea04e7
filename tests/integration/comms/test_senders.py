"""The real Twilio SDK against a local Messages API, and the outbox in the real store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.comms.deliveries import Delivery, DeliveryState, PupilRef
from services.comms.dispatch import SendDeps, send_due
from services.comms.model import Purpose
from services.comms.ports import SendOutcomeUnknown, SendRefused
from services.comms.senders import OutboxSender, TwilioSender
from tests.integration.comms.twilio_server import FakeTwilio, fake_twilio
from tests.unit.comms.builders import DAY, MUM_E164, SCHOOL, UPN_AMY, london, pupil
from tests.unit.comms.fakes import Office

SID = "AC" + "0" * 32
TOKEN = "test-auth-token"
FROM = "+447700900999"
CALLBACK = "https://comms.example.test/twilio/status"


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    with fake_twilio() as fake:
        yield fake


def delivery(to: str = MUM_E164) -> Delivery:
    return Delivery("d" * 32, SCHOOL, "phone:" + to, Purpose.U_TODAY, DAY, to,
                    (PupilRef(UPN_AMY, "Amy"),), london(DAY, 15, 30),
                    DeliveryState.PENDING)


async def test_a_text_goes_through_the_twilio_messages_api(twilio: FakeTwilio) -> None:
    sender = TwilioSender(SID, TOKEN, FROM, CALLBACK, base_url=twilio.base_url)
    result = await sender.send(delivery(), "Looking forward to seeing Amy on time tomorrow!")
    [request] = twilio.requests
    assert request.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request.account == SID
    assert request.form["To"] == MUM_E164 and request.form["From"] == FROM
    assert request.form["Body"] == "Looking forward to seeing Amy on time tomorrow!"
    assert request.form["StatusCallback"] == f"{CALLBACK}?delivery={'d' * 32}"
    assert result.provider_id.startswith("SM") and result.state is DeliveryState.SENT


async def test_a_number_twilio_refuses_is_a_failed_delivery(twilio: FakeTwilio) -> None:
    twilio.refuse_numbers.add(MUM_E164)
    sender = TwilioSender(SID, TOKEN, FROM, base_url=twilio.base_url)
    with pytest.raises(SendRefused, match="21211"):
        await sender.send(delivery(), "hello")


async def test_no_answer_from_twilio_leaves_the_outcome_unknown() -> None:
    sender = TwilioSender(SID, TOKEN, FROM, base_url="http://127.0.0.1:9")
    with pytest.raises(SendOutcomeUnknown):
        await sender.send(delivery(), "hello")


async def test_due_texts_reach_twilio_once_each(twilio: FakeTwilio) -> None:
    office = Office()
    amy = office.enrol(pupil())
    office.mark(amy, DAY, "U")
    await office.plan(Purpose.U_TODAY, amy, DAY, london(DAY, 9, 40))
    sender = TwilioSender(SID, TOKEN, FROM, base_url=twilio.base_url)
    deps = SendDeps(office.deliveries, sender, office.directory, office.marks, office.opt_outs)
    assert await send_due(deps, london(DAY, 15, 30)) == 2
    assert await send_due(deps, london(DAY, 15, 31)) == 0
    assert len(twilio.requests) == 2
    stored = await office.deliveries.for_school(SCHOOL, DAY)
    assert {d.provider_id for d in stored} == {"SM" + "1".zfill(32), "SM" + "2".zfill(32)}


async def test_the_outbox_keeps_each_text_once(comms_db: AsyncDatabase[dict[str, Any]]) -> None:
    outbox = OutboxSender(comms_db, lambda: london(DAY, 15, 30))
    await outbox.send(delivery(), "Looking forward to seeing Amy on time tomorrow!")
    await outbox.send(delivery(), "Looking forward to seeing Amy on time tomorrow!")
    [message] = await outbox.messages(SCHOOL)
    assert message["to"] == MUM_E164
    assert message["body"] == "Looking forward to seeing Amy on time tomorrow!"
