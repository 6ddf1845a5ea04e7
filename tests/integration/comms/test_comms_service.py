"""The comms service on the real broker and store: topics in, texts and letters out.

Each test has its own topics, consumer group and database; the clock is simulated.
"""

from __future__ import annotations

import asyncio

from shared.contracts.comms_v1 import DeliveryEventV1
from tests.integration.comms.live import AMY, SCHOOL_SETTINGS, U_MARK, Live, eventually, signal
from tests.unit.comms.builders import DAY, MUM_E164, SCHOOL, UPN_AMY, london


async def test_a_u_mark_reaches_the_outbox_once_even_when_the_signals_are_replayed(
        live: Live) -> None:
    await live.produce("schools", SCHOOL, SCHOOL_SETTINGS)
    await live.produce("pupils", f"{SCHOOL}:{UPN_AMY}", AMY)
    await live.produce("marks", f"{SCHOOL}:{UPN_AMY}", U_MARK)
    await live.produce("signals", f"{SCHOOL}:{UPN_AMY}",
                       signal("unauthorised_late_today", "sig-u"))
    async with live.service() as service:
        assert await service.health()

        async def recorded() -> bool:
            return len(await live.collection("deliveries")) == 1
        await eventually(recorded)
        assert await live.collection("outbox") == []
        live.clock.set(london(DAY, 15, 30))

        async def in_outbox() -> bool:
            return len(await live.collection("outbox")) == 1
        await eventually(in_outbox)

        async def shown_to_staff() -> bool:
            events = [e for e in await live.events() if isinstance(e, DeliveryEventV1)]
            return bool(events) and events[-1].state == "outbox"
        await eventually(shown_to_staff)
    # The whole history again, from the beginning, under a new consumer group.
    await live.produce("signals", f"{SCHOOL}:{UPN_AMY}",
                       signal("unauthorised_late_today", "sig-u"))
    async with live.service(group=live.settings.consumer_group + "-replay"):
        await asyncio.sleep(3)
    [text] = await live.collection("outbox")
    assert text["to"] == MUM_E164  # the father is do-not-contact
    assert text["body"].startswith("Looking forward to seeing Amy on time tomorrow!")
    [delivery] = await live.collection("deliveries")
    assert delivery["state"] == "sent"


async def test_falling_below_95_only_marks_the_pupil_for_the_batch_past_unreadable_messages(
        live: Live) -> None:
    await live.produce("schools", SCHOOL, SCHOOL_SETTINGS)
    await live.produce("pupils", f"{SCHOOL}:{UPN_AMY}", AMY)
    detail = {"attendance_pct": 94.4, "authorised": 8, "unauthorised": 2,
              "threshold_pct": 95}
    # Unreadable messages before it are skipped; they never stop the stream.
    await live.produce("signals", f"{SCHOOL}:{UPN_AMY}", b"not json", {"kind": "oops"},
                       signal("attendance_below_95", "sig-95", detail))
    async with live.service():
        async def flagged() -> bool:
            return [f["below_letter_threshold"]
                    for f in await live.collection("pupil_flags")] == [True]
        await eventually(flagged)
    # Head teacher's letters are drafted in the termly batches, not on each signal.
    assert await live.collection("letters") == []
