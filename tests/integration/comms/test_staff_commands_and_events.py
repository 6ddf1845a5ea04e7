"""Comms and the staff pages on the real broker and store: staff commands in, events out.

The staff pages know letters, texts and call tasks only from `comms.events.v1`; what
staff decide reaches comms only on `comms.commands.v1`.
"""

from __future__ import annotations

import asyncio
import base64
from datetime import timedelta
from typing import Any

from services.comms.documents import attendance_context
from services.comms.letter_text import BULLET
from services.comms.letters import LetterKind, new_letter
from services.comms.mongo_letters import MongoLetters
from services.comms.policy import policy_from_settings
from shared.contracts.comms_v1 import CallTaskEventV1, LetterEventV1
from shared.infra.mongo import create_client
from tests.integration.comms.live import AMY, SCHOOL_SETTINGS, Live, eventually
from tests.unit.comms.builders import DAY, SCHOOL, UPN_AMY, london
from tests.unit.comms.pdf_text import pdf_text

HEAD = "head.teacher@meadow.example"


def review(command_id: str, letter_id: str, action: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "letter_review", "schema_version": 1, "command_id": command_id,
            "school_urn": SCHOOL, "issued_by": HEAD,
            "issued_at": "2026-09-08T09:00:00+00:00", "letter_id": letter_id,
            "action": action, **extra}


async def draft_head_teacher_letter(live: Live) -> str:
    policy = policy_from_settings(SCHOOL_SETTINGS)
    detail = {"attendance_pct": 94.4, "authorised": 8, "unauthorised": 2, "threshold_pct": 95}
    context = attendance_context(policy, "Amy Testwell", "8 September 2026", detail)
    letter = new_letter(SCHOOL, UPN_AMY, LetterKind.HEAD_TEACHER, "batch:2026-09-25",
                        context, london(DAY, 9))
    client = create_client(live.mongo)
    try:
        assert await MongoLetters(client[live.settings.database]).add(letter)
    finally:
        await client.close()
    return letter.letter_id


async def letter_events(live: Live, letter_id: str) -> list[LetterEventV1]:
    return [e for e in await live.events()
            if isinstance(e, LetterEventV1) and e.letter_id == letter_id]


async def test_an_approved_then_issued_letter_reaches_the_staff_pages_with_its_pdf(
        live: Live) -> None:
    letter_id = await draft_head_teacher_letter(live)
    note = "We know Amy has had a difficult few weeks."
    await live.produce("commands", SCHOOL, review("cmd-edit-0001", letter_id, "edit",
                                                  body_text=note),
                       review("cmd-approve-01", letter_id, "approve"),
                       review("cmd-issue-0001", letter_id, "issue"))
    async with live.service():
        async def issued() -> bool:
            events = await letter_events(live, letter_id)
            return bool(events) and events[-1].state == "issued"
        await eventually(issued)
    events = await letter_events(live, letter_id)
    assert [e.version for e in events] == sorted({e.version for e in events})
    last = events[-1]
    assert last.letter_kind == "head_teacher_letter" and last.body_text == note
    assert last.title == "Head teacher's attendance letter: Amy Testwell"
    assert last.pdf_base64 is not None
    text = pdf_text(base64.b64decode(last.pdf_base64))
    assert "has missed 5 days of school" in text
    assert "5 days missed = 5 English lessons and 5 maths lessons" in text
    assert note in text
    # The wording staff read before approving is the PDF's, paragraph by paragraph.
    assert last.full_text is not None
    assert "5 days missed = 5 English lessons and 5 maths lessons" in last.full_text
    for paragraph in last.full_text.split("\n\n"):
        words = paragraph.replace(BULLET, "")  # a PDF reader puts list bullets elsewhere
        assert " ".join(words.split()) in text, paragraph


async def test_replaying_the_commands_changes_nothing_and_issues_nothing_twice(
        live: Live) -> None:
    letter_id = await draft_head_teacher_letter(live)
    await live.produce("commands", SCHOOL, review("cmd-approve-02", letter_id, "approve"),
                       review("cmd-issue-0002", letter_id, "issue"),
                       # Impossible or unknown: logged and skipped, the stream goes on.
                       review("cmd-approve-03", letter_id, "approve"),
                       review("cmd-unknown-01", "no-such-letter", "issue"))
    async with live.service():
        async def issued() -> bool:
            return [d["state"] for d in await live.collection("letters")] == ["issued"]
        await eventually(issued)
        await asyncio.sleep(1)  # the last commands are recorded, the events published
    letters, events = await live.collection("letters"), await live.events()
    live.clock.advance(timedelta(hours=2))
    async with live.service(group=live.settings.consumer_group + "-replay"):
        async def replayed() -> bool:
            return len(await live.collection("commands_done")) == 4
        await eventually(replayed)
        await asyncio.sleep(2)
    assert await live.collection("letters") == letters
    assert len(await live.collection("issued_letters")) == 1
    assert len(await live.events()) == len(events)
    assert {d["outcome"] for d in await live.collection("commands_done")} == {
        "letter_approve", "letter_issue", "refused"}


async def test_a_refused_holiday_request_drafts_the_refusal_and_a_same_day_call(
        live: Live) -> None:
    await live.produce("schools", SCHOOL, SCHOOL_SETTINGS)
    await live.produce("pupils", f"{SCHOOL}:{UPN_AMY}", AMY)
    request = {"kind": "holiday_request", "schema_version": 1, "record_id": "rec-holiday-1",
               "school_urn": SCHOOL, "upn": UPN_AMY, "school_day": DAY.isoformat(),
               "recorded_at": "2026-09-08T08:30:00+00:00", "recorded_by": "office",
               "first_day": "2026-10-12", "last_day": "2026-10-16"}
    await live.produce("office", f"{SCHOOL}:{UPN_AMY}", request,
                       {**request, "record_id": "rec-holiday-2", "decision": "refused"})
    async with live.service():
        async def told() -> bool:
            kinds = {type(e) for e in await live.events()}
            return {LetterEventV1, CallTaskEventV1} <= kinds
        await eventually(told)
    events = await live.events()
    [letter] = [e for e in events if isinstance(e, LetterEventV1)]
    [task] = [e for e in events if isinstance(e, CallTaskEventV1)]
    assert letter.letter_kind == "holiday_refusal" and letter.upn == UPN_AMY
    assert letter.state == "approved"  # ready to issue the same day
    assert letter.full_text is not None and "I cannot authorise this request" in letter.full_text
    assert "from Monday 12 October 2026 to Friday 16 October 2026" in letter.full_text
    assert (task.purpose, task.due_on, task.done) == ("holiday_refusal_call", DAY, False)
    assert len(await live.collection("holiday_requests")) == 2
