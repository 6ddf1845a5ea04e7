"""Sending due texts: once, only while the rules allow, never twice after a crash."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.comms.deliveries import DeliveryState
from services.comms.dispatch import send_due, settle_abandoned_sends
from services.comms.model import Purpose
from services.comms.settings import CommsSettings
from tests.unit.comms.builders import DAD_E164, DAY, MUM_E164, SCHOOL, UPN_BEN, london, pupil
from tests.unit.comms.fakes import CrashingSender, Office


async def test_a_u_today_text_goes_to_each_parent_at_the_end_of_the_day() -> None:
    office = Office()
    amy = office.enrol(pupil())
    office.mark(amy, DAY, "U", "\\")
    await office.plan(Purpose.U_TODAY, amy, DAY, london(DAY, 9, 40))
    assert await send_due(office.deps(), london(DAY, 15, 0)) == 0
    assert await send_due(office.deps(), london(DAY, 15, 30)) == 2
    assert sorted(to for to, _ in office.sender.sent) == [MUM_E164, DAD_E164]
    assert office.sender.sent[0][1].startswith("Looking forward to seeing Amy on time")


async def test_a_replayed_signal_sends_no_second_text() -> None:
    office = Office()
    amy = office.enrol(pupil())
    office.mark(amy, DAY, "U")
    await office.plan(Purpose.U_TODAY, amy, DAY, london(DAY, 9, 40))
    await send_due(office.deps(), london(DAY, 15, 30))
    await office.plan(Purpose.U_TODAY, amy, DAY, london(DAY, 15, 40))
    assert await send_due(office.deps(), london(DAY, 15, 45)) == 0
    assert len(office.sender.sent) == 2


async def test_siblings_late_the_same_day_share_one_text_to_their_parent() -> None:
    office = Office()
    amy, ben = office.enrol(pupil()), office.enrol(pupil(UPN_BEN, "Ben"))
    office.mark(amy, DAY, "U")
    office.mark(ben, DAY, "U")
    await office.plan(Purpose.U_TODAY, amy, DAY, london(DAY, 9, 40))
    await office.plan(Purpose.U_TODAY, ben, DAY, london(DAY, 9, 50))
    await send_due(office.deps(), london(DAY, 15, 30))
    to_mum = [body for to, body in office.sender.sent if to == MUM_E164]
    assert len(to_mum) == 1
    assert to_mum[0].startswith("Looking forward to seeing Amy and Ben on time")


async def test_an_absence_re_coded_as_a_trip_before_the_text_goes_sends_nothing() -> None:
    office = Office()
    amy = office.enrol(pupil())
    office.mark(amy, DAY, "N")
    texts = await office.plan(Purpose.ABSENT_EXPECTED_BACK, amy, DAY, london(DAY, 9, 40))
    office.mark(amy, DAY, "V", "V")
    assert await send_due(office.deps(), london(DAY, 15, 30)) == 0
    delivery = await office.deliveries.get(texts[0].delivery_id)
    assert delivery is not None and delivery.state is DeliveryState.CANCELLED
    assert delivery.error == "no_longer_applies"


async def test_a_number_that_opted_out_before_the_text_went_is_not_texted() -> None:
    office = Office()
    amy = office.enrol(pupil())
    office.mark(amy, DAY, "U")
    await office.plan(Purpose.U_TODAY, amy, DAY, london(DAY, 9, 40))
    office.opt_outs.numbers.add(MUM_E164)
    await send_due(office.deps(), london(DAY, 15, 30))
    assert [to for to, _ in office.sender.sent] == [DAD_E164]


async def test_a_send_cut_off_by_a_crash_is_shown_as_unknown_and_never_resent() -> None:
    office = Office()
    amy = office.enrol(pupil())
    office.mark(amy, DAY, "U")
    texts = await office.plan(Purpose.U_TODAY, amy, DAY, london(DAY, 9, 40))
    # The process claims the send and dies before the provider answers.
    assert await office.deliveries.claim(texts[0].delivery_id, "body", london(DAY, 15, 30))
    restarted = london(DAY, 15, 40)
    assert await settle_abandoned_sends(office.deliveries, restarted) == 1
    await send_due(office.deps(), restarted)
    delivery = await office.deliveries.get(texts[0].delivery_id)
    assert delivery is not None and delivery.state is DeliveryState.UNKNOWN
    assert MUM_E164 not in [to for to, _ in office.sender.sent]


async def test_staff_may_decide_to_send_an_unknown_text_again_once() -> None:
    office = Office()
    amy = office.enrol(pupil())
    office.mark(amy, DAY, "U")
    texts = await office.plan(Purpose.U_TODAY, amy, DAY, london(DAY, 9, 40))
    crashing = CrashingSender()
    await send_due(office.deps(crashing), london(DAY, 15, 30))
    first = texts[0].delivery_id
    assert (await office.deliveries.get(first)).state is DeliveryState.UNKNOWN  # type: ignore[union-attr]
    assert await office.deliveries.decide_unknown(first, True, "office", london(DAY, 15, 50))
    assert not await office.deliveries.decide_unknown(first, True, "office", london(DAY, 15, 51))
    await send_due(office.deps(), london(DAY, 15, 55))
    assert [to for to, _ in office.sender.sent] == [MUM_E164]


async def test_a_late_status_callback_never_moves_a_delivery_backwards() -> None:
    office = Office()
    amy = office.enrol(pupil())
    office.mark(amy, DAY, "U")
    texts = await office.plan(Purpose.U_TODAY, amy, DAY, london(DAY, 9, 40))
    await send_due(office.deps(), london(DAY, 15, 30))
    first = texts[0].delivery_id
    now = london(DAY, 15, 31)
    assert await office.deliveries.provider_status(first, "SM1", DeliveryState.DELIVERED, now)
    await office.deliveries.provider_status(first, "SM1", DeliveryState.SENT, now)
    assert (await office.deliveries.get(first)).state is DeliveryState.DELIVERED  # type: ignore[union-attr]


async def test_a_school_without_settings_gets_no_texts() -> None:
    office = Office()
    amy = office.enrol(pupil())
    await office.plan(Purpose.LATE_INDEPENDENT_TRAVELLER, amy, DAY, london(DAY, 9))
    office.directory.policies.clear()
    assert await send_due(office.deps(), london(DAY, 9, 1)) == 0
    assert all(d.error == "school_settings_missing"
               for d in await office.deliveries.for_school(SCHOOL))


def test_texts_go_to_the_outbox_unless_twilio_is_fully_configured(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ACCOUNT_SID", "AUTH_TOKEN", "FROM"):
        monkeypatch.delenv(f"COMMS_TWILIO_{name}", raising=False)
    assert not CommsSettings().twilio_configured
    monkeypatch.setenv("COMMS_TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    monkeypatch.setenv("COMMS_TWILIO_AUTH_TOKEN", "secret")
    monkeypatch.setenv("COMMS_TWILIO_FROM", "+447700900999")
    assert CommsSettings().twilio_configured


def test_half_configured_twilio_is_refused_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMS_TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    monkeypatch.delenv("COMMS_TWILIO_AUTH_TOKEN", raising=False)
    with pytest.raises(ValidationError, match="COMMS_TWILIO_AUTH_TOKEN"):
        CommsSettings()
