"""Letters in the real store: created once, reviewed, issued once, every PDF kept."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.comms.documents import letter_html, pdf_bytes
from services.comms.letter_desk import approve_letter, edit_letter, issue_letter_now
from services.comms.letters import (
    LetterError,
    LetterKind,
    LetterState,
    approve,
    issue,
    new_letter,
)
from services.comms.mongo_letters import MongoLetters, issue_letter
from tests.unit.comms.builders import SCHOOL, UPN_AMY
from tests.unit.comms.pdf_text import pdf_text

NOW = datetime(2026, 9, 28, 10, tzinfo=UTC)
CONTEXT = {"school_name": "Meadow Lane Primary", "head_teacher": "Ms Rowan Hart",
           "child_name": "Amy Testwell", "letter_date": "28 September 2026",
           "greeting": "Dear Parent/Carer of Amy Testwell", "attendance_pct": 94.4,
           "threshold_pct": "95", "days_missed": "5 days",
           "lessons_sentence": "5 days missed = 5 maths lessons",
           "lessons": [{"subject": "maths", "lessons": 5}]}


async def test_an_issued_head_teacher_letter_is_kept_as_its_pdf(
        comms_db: AsyncDatabase[dict[str, Any]]) -> None:
    letters = MongoLetters(comms_db)
    await letters.create_indexes()
    draft = new_letter(SCHOOL, UPN_AMY, LetterKind.HEAD_TEACHER, "signal-1", CONTEXT, NOW)
    assert await letters.add(draft)
    assert not await letters.add(draft)  # a replayed signal drafts nothing new
    assert [x.state for x in await letters.for_school(SCHOOL)] == [LetterState.DRAFT]

    stored_draft = await letters.get(draft.letter_id)
    assert stored_draft is not None and stored_draft.version == 1
    assert not await letters.replace(draft, approve(draft, "head"))  # not the stored version
    draft = stored_draft
    assert await letters.replace(draft, approve(draft, "head"))
    approved = await letters.get(draft.letter_id)
    assert approved is not None and approved.version == 2
    issued = issue(approved, NOW)
    pdf = pdf_bytes(letter_html(issued))
    assert await issue_letter(letters, approved, pdf, issued, NOW)
    assert not await issue_letter(letters, approved, pdf, issued, NOW)

    stored = await letters.get(draft.letter_id)
    assert stored is not None and stored.state is LetterState.ISSUED
    kept = await letters.issued_pdf(draft.letter_id)
    assert kept is not None
    assert "5 days missed = 5 maths lessons" in pdf_text(kept)


async def test_staff_edit_approve_and_issue_a_letter_from_the_queue(
        comms_db: AsyncDatabase[dict[str, Any]]) -> None:
    letters = MongoLetters(comms_db)
    draft = new_letter(SCHOOL, UPN_AMY, LetterKind.HEAD_TEACHER, "signal-2", CONTEXT, NOW)
    await letters.add(draft)
    with pytest.raises(LetterError, match="approve it before issuing"):
        await issue_letter_now(letters, draft.letter_id, NOW)
    await edit_letter(letters, draft.letter_id, "We know Amy has had a hard month.", NOW)
    await approve_letter(letters, draft.letter_id, "head", NOW)
    issued, pdf = await issue_letter_now(letters, draft.letter_id, NOW)
    assert issued.state is LetterState.ISSUED
    assert "We know Amy has had a hard month." in pdf_text(pdf)
    with pytest.raises(LetterError, match="cannot change"):
        await edit_letter(letters, draft.letter_id, "too late", NOW)
    assert [x.letter_id for x in await letters.for_school(SCHOOL, LetterState.ISSUED)] == [
        draft.letter_id]
