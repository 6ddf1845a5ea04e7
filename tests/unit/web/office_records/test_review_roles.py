"""Who may act on letters and on texts whose outcome is unknown.

Head teachers' letters are reviewed, edited and approved by leaders before they are
issued; the office and leaders decide what becomes of an unknown text. Everyone else
who may see pupils reads both pages without the controls, and a post sent anyway is
refused and recorded in the audit log for the head teacher.
"""

from __future__ import annotations

import re

import pytest

from shared.contracts.comms_v1 import LetterReviewV1, SendDecisionV1
from tests.unit.web.office_records import samples
from tests.unit.web.office_records.conftest import Desk, form_field
from tests.unit.web.records import URN

LETTER = f"/schools/{URN}/letters/letter-0001"
OUTBOX = f"/schools/{URN}/outbox?day=2026-09-08"


async def refusals_the_head_sees(desk: Desk, user: str) -> list[str]:
    """The 'Where' of each refusal of `user` in the audit log, as the head reads it."""
    await desk.sign_in("head")
    audit = await desk.client.get("/audit")
    assert audit.status_code == 200
    return re.findall(rf"<td>{re.escape(user)}</td>\s*<td>refused</td>\s*<td>{URN}</td>"
                      r"\s*<td>[^<]*</td>\s*<td>([^<]+)</td>", audit.text)


async def test_an_attendance_lead_approves_a_draft_letter(desk: Desk) -> None:
    await desk.log.store_events([samples.letter()])
    await desk.sign_in("lead")
    page = await desk.client.get(LETTER)
    assert ">Approve</button>" in page.text and 'name="body_text"' in page.text
    answer = await desk.client.post(f"{LETTER}/review", data={
        "csrf_token": form_field(page.text, "csrf_token"), "action": "approve",
        "command_id": "approve-0001"})
    assert answer.status_code == 303
    [review] = desk.sent.commands
    assert isinstance(review, LetterReviewV1)
    assert (review.action, review.issued_by) == ("approve", "lead")


@pytest.mark.parametrize("user", ["office", "teacher"])
async def test_staff_who_do_not_lead_read_a_letter_but_may_not_approve_it(
        desk: Desk, user: str) -> None:
    await desk.log.store_events([samples.letter()])
    await desk.sign_in(user)
    page = await desk.client.get(LETTER)
    assert page.status_code == 200 and "Dear parent" in page.text
    assert "<button" not in page.text.split("</header>")[-1]  # no approve, edit, withdraw
    assert "Only attendance leads, senior leaders" in page.text
    refused = await desk.client.post(f"{LETTER}/review", data={
        "csrf_token": form_field(page.text, "csrf_token"), "action": "approve",
        "command_id": "approve-0001"})
    assert refused.status_code == 403 and "Only attendance leads" in refused.text
    assert desk.sent.commands == []
    assert await refusals_the_head_sees(desk, user) == [
        "/schools/{urn}/letters/{letter_id}/review"]


@pytest.mark.parametrize("user", ["office", "lead"])
async def test_the_office_and_leaders_decide_an_unknown_text(desk: Desk, user: str) -> None:
    await desk.log.store_events([samples.delivery(state="unknown", needs_decision=True)])
    await desk.sign_in(user)
    page = await desk.client.get(OUTBOX)
    assert ">Send again</button>" in page.text
    answer = await desk.client.post(f"/schools/{URN}/outbox/decisions", data={
        "csrf_token": form_field(page.text, "csrf_token"), "delivery_id": "text-0001",
        "command_id": form_field(page.text, "command_id"), "day": "2026-09-08",
        "decision": "send_again"})
    assert answer.status_code == 303
    [decision] = desk.sent.commands
    assert isinstance(decision, SendDecisionV1) and decision.issued_by == user


async def test_a_teacher_sees_an_unknown_text_but_may_not_send_it_again(desk: Desk) -> None:
    await desk.log.store_events([samples.delivery(state="unknown", needs_decision=True)])
    await desk.sign_in("teacher")
    page = await desk.client.get(OUTBOX)
    assert "(outcome unknown)" in page.text and "The office or a leader decides" in page.text
    assert ">Send again</button>" not in page.text
    refused = await desk.client.post(f"/schools/{URN}/outbox/decisions", data={
        "csrf_token": form_field(page.text, "csrf_token"), "delivery_id": "text-0001",
        "command_id": "decide-0001", "day": "2026-09-08", "decision": "send_again"})
    assert refused.status_code == 403 and desk.sent.commands == []
    assert await refusals_the_head_sees(desk, "teacher") == ["/schools/{urn}/outbox/decisions"]
