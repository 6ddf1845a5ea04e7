"""Sending what is due: the rules checked once more, a claim, the send, the answer.

Runs on the clock (wall or simulated). The claim is recorded before the provider is
called, so a crash between the two leaves a claim that `settle_abandoned_sends` turns
into "unknown" for staff to decide: it is never sent again on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from services.comms.deliveries import Delivery, DeliveryState, DeliveryStore, PupilRef
from services.comms.model import Purpose, SchoolPolicy
from services.comms.ports import (
    DayMarks,
    Directory,
    OptOuts,
    SendOutcomeUnknown,
    SendRefused,
    TextSender,
)
from services.comms.rules import in_quiet_hours, local, still_absent, suppression
from services.comms.school_days import next_school_day
from services.comms.texts import TextContext, render_text

log = logging.getLogger(__name__)
# A claim this old with no answer belongs to a process that died (sends time out in 10 s).
ABANDONED_AFTER = timedelta(minutes=2)
# Texts sent from midday on are afternoon texts (the golden hour's Thursday slot).
AFTERNOON = time(12, 0)


@dataclass(frozen=True)
class SendDeps:
    deliveries: DeliveryStore
    sender: TextSender
    directory: Directory
    day_marks: DayMarks
    opt_outs: OptOuts


async def send_due(deps: SendDeps, now: datetime) -> int:
    """Send every delivery due by `now` that the rules still allow; how many went."""
    sent = 0
    for delivery in await deps.deliveries.due(now):
        sent += await send_one(deps, delivery, now)
    return sent


async def settle_abandoned_sends(deliveries: DeliveryStore, now: datetime) -> int:
    """Claims with no answer from a process that died become unknown; how many."""
    count = await deliveries.mark_unknown(now - ABANDONED_AFTER, now)
    if count:
        log.warning("%d text(s) in an unknown state after a restart: staff must decide", count)
    return count


async def send_one(deps: SendDeps, delivery: Delivery, now: datetime) -> int:
    policy = await deps.directory.policy(delivery.school_urn)
    if policy is None:
        await deps.deliveries.cancel(delivery.delivery_id, "school_settings_missing", now)
        return 0
    if in_quiet_hours(now, policy.quiet_hours):
        return 0  # e.g. a resend staff decided on in the evening: it waits for morning
    if await deps.opt_outs.opted_out([delivery.recipient]):
        await deps.deliveries.cancel(delivery.delivery_id, "opted_out", now)
        return 0
    pupils = [p for p in delivery.pupils if await _still_applies(deps, delivery, p, policy)]
    if not pupils:
        await deps.deliveries.cancel(delivery.delivery_id, "no_longer_applies", now)
        return 0
    context = TextContext(policy.name, tuple(p.name for p in pupils), delivery.day,
                          policy.head_teacher, next_school_day(policy, delivery.day),
                          afternoon=local(now).time() >= AFTERNOON)
    body = render_text(delivery.purpose, context, policy.texts)
    if not await deps.deliveries.claim(delivery.delivery_id, body, now):
        return 0
    return await _send_claimed(deps, delivery, body, now)


async def _send_claimed(deps: SendDeps, delivery: Delivery, body: str,
                        now: datetime) -> int:
    try:
        result = await deps.sender.send(delivery, body)
    except SendRefused as error:
        await deps.deliveries.finish(delivery.delivery_id, DeliveryState.FAILED, now,
                                     error=str(error))
        return 0
    except SendOutcomeUnknown as error:
        await deps.deliveries.finish(delivery.delivery_id, DeliveryState.UNKNOWN, now,
                                     error=str(error))
        return 0
    await deps.deliveries.finish(delivery.delivery_id, result.state, now,
                                 provider_id=result.provider_id)
    return 1


async def _still_applies(deps: SendDeps, delivery: Delivery, pupil: PupilRef,
                         policy: SchoolPolicy) -> bool:
    """The latest marks still call for the text (an N re-coded V for a trip does not)."""
    codes = await deps.day_marks.day_codes(delivery.school_urn, pupil.upn, delivery.day)
    if suppression(delivery.purpose, delivery.day, codes, policy):
        return False
    if delivery.purpose is Purpose.U_TODAY:
        return not codes or "U" in codes
    if delivery.purpose is Purpose.ABSENT_EXPECTED_BACK:
        return still_absent(codes)
    return True
