"""The concerns inbox (action 2.2): a concern any member of staff raises reaches the
people of the route it was sent to, who answer it (acknowledged, or acted on).

Attendance-lead concerns reach the attendance lead, senior leaders and the head
teacher; safeguarding concerns the safeguarding lead and the head teacher only. An
answer is published as an office record; once the office feed has stored it, the
concern leaves the open list and the answer shows on the pupil's timeline.
"""

from __future__ import annotations

import dataclasses
import re

import httpx
import pytest

from services.web.staff import StaffDirectory
from shared.contracts.office_v1 import ConcernResponseV1, ConcernV1
from tests.unit.web.accounts import account
from tests.unit.web.office_records import samples
from tests.unit.web.office_records.conftest import ACCOUNTS, Desk, form_field
from tests.unit.web.office_records.test_review_roles import refusals_the_head_sees
from tests.unit.web.records import ADA, BEN, URN

INBOX = f"/schools/{URN}/concerns"


@pytest.fixture
def staff(desk: Desk) -> Desk:
    """The desk with every role a concern may reach, and a second teacher."""
    more = [account("safeguarding", "safeguarding_lead", [URN]), account("slt", "slt", [URN]),
            account("teacher.b", "teacher", [URN])]
    desk.web.app.state.web = dataclasses.replace(desk.web.app.state.web,
                                                 staff=StaffDirectory([*ACCOUNTS, *more]))
    return desk


async def stored(desk: Desk) -> None:
    """What the office feed does: store what the pages published."""
    await desk.log.store_records(desk.sent.records)


async def raise_concern(desk: Desk, upn: str, routes: list[str], note: str) -> ConcernV1:
    """Fill in the concern form on the pupil's page as the signed-in member of staff."""
    path = f"/schools/{URN}/pupils/{upn}/records/new"
    page = await desk.client.get(path, params={"kind": "concern"})
    sent = await desk.client.post(path, data={
        "csrf_token": form_field(page.text, "csrf_token"), "kind": "concern",
        "record_id": form_field(page.text, "record_id"), "school_day": "2026-09-08",
        "barrier": "anxiety", "routed_to": routes, "note": note})
    assert sent.status_code == 303, sent.text
    concern = desk.sent.records[-1]
    assert isinstance(concern, ConcernV1)
    await stored(desk)
    return concern


async def answer(desk: Desk, concern_id: str, response: str = "acknowledged",
                 note: str = "Spoke to the family this morning") -> httpx.Response:
    page = await desk.client.get(INBOX)
    assert page.status_code == 200, page.text
    form = re.search(rf'action="{INBOX}/{concern_id}/answer".*?name="record_id" '
                     r'value="([^"]+)"', page.text, re.S)
    assert form is not None, f"no answer form for {concern_id}"
    return await desk.client.post(f"{INBOX}/{concern_id}/answer", data={
        "csrf_token": form_field(page.text, "csrf_token"), "record_id": form.group(1),
        "response": response, "note": note})


async def test_a_concern_raised_by_a_teacher_appears_in_the_attendance_leads_inbox(
        staff: Desk) -> None:
    await staff.sign_in("teacher")
    concern = await raise_concern(staff, BEN, ["attendance_lead"], "Tired every morning")
    await staff.sign_in("lead")
    page = await staff.client.get(INBOX)
    assert page.status_code == 200
    assert "Ben Okafor" in page.text and f'href="/schools/{URN}/pupils/{BEN}"' in page.text
    assert "Tired every morning" in page.text and "<dd>teacher</dd>" in page.text
    assert "8 Sep 2026 16:00" in page.text  # raised at 15:00 UTC, 16:00 in school time
    assert f"{INBOX}/{concern.record_id}/answer" in page.text
    assert 'for="concern-1-note"' in page.text and 'id="concern-1-note"' in page.text


async def test_senior_leaders_and_the_head_see_the_attendance_leads_concerns_newest_first(
        staff: Desk) -> None:
    await staff.log.store_records([
        samples.concern("concern-01", ADA, ("attendance_lead",), minutes=5),
        samples.concern("concern-02", BEN, ("attendance_lead",), minutes=50)])
    for user in ("slt", "head"):
        await staff.sign_in(user)
        page = await staff.client.get(INBOX)
        assert page.text.index("Ben Okafor") < page.text.index("Ada Lovelace"), user


async def test_a_safeguarding_concern_is_not_shown_to_the_office_or_a_teacher(
        staff: Desk) -> None:
    await staff.sign_in("teacher")
    await raise_concern(staff, BEN, ["safeguarding"], "Bruise on the arm, said he fell")
    for user in ("office", "teacher.b"):
        await staff.sign_in(user)
        inbox = await staff.client.get(INBOX)
        assert inbox.status_code == 403, user
        pupil = await staff.client.get(f"/schools/{URN}/pupils/{BEN}")
        assert "Bruise on the arm" not in pupil.text, user
        assert "sent to the safeguarding team; what it says is for the people it was sent " \
               "to" in pupil.text
        patterns = await staff.client.get(f"/schools/{URN}/patterns")
        assert "Bruise on the arm" not in patterns.text, user


async def test_a_safeguarding_concern_reaches_its_lead_and_the_head_not_the_attendance_lead(
        staff: Desk) -> None:
    await staff.log.store_records([samples.concern(routes=("safeguarding",))])
    for user in ("safeguarding", "head"):
        await staff.sign_in(user)
        page = await staff.client.get(INBOX)
        assert "Seemed withdrawn" in page.text, user
    for user in ("lead", "slt"):
        await staff.sign_in(user)
        page = await staff.client.get(INBOX)
        assert page.status_code == 200 and "Seemed withdrawn" not in page.text, user
        assert "No open concerns are waiting" in page.text


async def test_the_inbox_states_who_reads_which_concern(staff: Desk) -> None:
    await staff.sign_in("lead")
    page = await staff.client.get(INBOX)
    assert "the safeguarding team&#39;s reach the safeguarding lead and the head teacher " \
           "only" in page.text


async def test_acknowledging_a_concern_takes_it_off_the_open_list_and_onto_the_pupils_timeline(
        staff: Desk) -> None:
    await staff.log.store_records([samples.concern(routes=("attendance_lead",))])
    await staff.sign_in("lead")
    sent = await answer(staff, "concern-01", note="Meeting mum on Friday")
    assert sent.status_code == 303
    assert sent.headers["location"] == f"{INBOX}?answered=acknowledged"
    [published] = staff.sent.records
    assert isinstance(published, ConcernResponseV1)
    assert (published.concern_id, published.upn, published.recorded_by, published.routes,
            published.response) == ("concern-01", BEN, "lead", ["attendance_lead"],
                                    "acknowledged")
    await stored(staff)
    page = await staff.client.get(sent.headers["location"])
    assert "Seemed withdrawn" not in page.text and "No open concerns are waiting" in page.text
    assert "Your answer (acknowledged) was sent" in page.text
    pupil = await staff.client.get(f"/schools/{URN}/pupils/{BEN}")
    timeline = pupil.text[pupil.text.index("What has been done"):]
    assert "Concern acknowledged" in timeline and "Meeting mum on Friday" in timeline
    assert "by lead for the SLT attendance lead" in timeline


async def test_a_concern_sent_to_both_stays_open_for_safeguarding_once_the_lead_has_acted(
        staff: Desk) -> None:
    await staff.log.store_records([samples.concern(routes=("attendance_lead",
                                                           "safeguarding"))])
    await staff.sign_in("lead")
    assert (await answer(staff, "concern-01", "acted_on")).status_code == 303
    await stored(staff)
    assert "Seemed withdrawn" not in (await staff.client.get(INBOX)).text
    await staff.sign_in("safeguarding")
    page = await staff.client.get(INBOX)
    assert "Seemed withdrawn" in page.text and "Waiting for</dt><dd>the safeguarding team" \
        in page.text


async def test_the_school_overview_shows_the_open_concerns_for_the_viewers_role(
        staff: Desk) -> None:
    await staff.log.store_records([samples.concern(routes=("attendance_lead",)),
                                   samples.concern("concern-02", ADA, ("safeguarding",)),
                                   samples.concern("concern-03", ADA, ("attendance_lead",)),
                                   samples.answer("concern-03", routes=("attendance_lead",))])
    expected = {"lead": "1 open concern sent to you", "safeguarding": "1 open concern sent",
                "head": "2 open concerns sent to you"}
    for user, count in expected.items():
        await staff.sign_in(user)
        page = await staff.client.get(f"/schools/{URN}")
        assert f'<a class="button" href="{INBOX}">{count}' in page.text, user
    for user in ("office", "teacher"):
        await staff.sign_in(user)
        page = await staff.client.get(f"/schools/{URN}")
        assert page.status_code == 200 and INBOX not in page.text, user


async def test_a_teacher_cannot_acknowledge_a_concern(staff: Desk) -> None:
    await staff.log.store_records([samples.concern(routes=("attendance_lead",))])
    await staff.sign_in("teacher")
    token = await staff.csrf()
    refused = await staff.client.post(f"{INBOX}/concern-01/answer", data={
        "csrf_token": token, "record_id": "answer-0001", "response": "acknowledged",
        "note": "Seen"})
    assert refused.status_code == 403 and "for the people concerns are sent to" in refused.text
    assert staff.sent.records == []
    assert await refusals_the_head_sees(staff, "teacher") == [
        "/schools/{urn}/concerns/{concern_id}/answer"]


async def test_the_attendance_lead_cannot_answer_a_concern_sent_only_to_safeguarding(
        staff: Desk) -> None:
    await staff.log.store_records([samples.concern(routes=("safeguarding",))])
    await staff.sign_in("lead")
    refused = await staff.client.post(f"{INBOX}/concern-01/answer", data={
        "csrf_token": await staff.csrf(), "record_id": "answer-0001",
        "response": "acted_on", "note": "Rang home"})
    assert refused.status_code == 403 and "safeguarding team, not to you" in refused.text
    assert staff.sent.records == []
    assert await refusals_the_head_sees(staff, "lead") == [
        "/schools/{urn}/concerns/{concern_id}/answer"]


async def test_an_answer_without_the_csrf_token_is_refused(staff: Desk) -> None:
    await staff.log.store_records([samples.concern(routes=("attendance_lead",))])
    await staff.sign_in("lead")
    refused = await staff.client.post(f"{INBOX}/concern-01/answer", data={
        "record_id": "answer-0001", "response": "acknowledged", "note": "Seen"})
    assert refused.status_code == 403 and staff.sent.records == []


async def test_an_answer_without_a_note_is_shown_again_naming_the_note(staff: Desk) -> None:
    await staff.log.store_records([samples.concern(routes=("attendance_lead",))])
    await staff.sign_in("lead")
    page = await staff.client.get(INBOX)
    record_id = form_field(page.text, "record_id")
    refused = await staff.client.post(f"{INBOX}/concern-01/answer", data={
        "csrf_token": form_field(page.text, "csrf_token"), "record_id": record_id,
        "response": "acted_on", "note": "  "})
    assert refused.status_code == 422 and "Note: say in a few words" in refused.text
    assert f'name="record_id" value="{record_id}"' in refused.text  # a resend acts once
    assert staff.sent.records == []


async def test_answering_an_unknown_concern_is_a_404(staff: Desk) -> None:
    await staff.sign_in("lead")
    missing = await staff.client.post(f"{INBOX}/concern-99/answer", data={
        "csrf_token": await staff.csrf(), "record_id": "answer-0001",
        "response": "acknowledged", "note": "Seen"})
    assert missing.status_code == 404 and "No concern concern-99" in missing.text


async def test_an_answer_cannot_be_posted_as_a_record_through_the_api(staff: Desk) -> None:
    await staff.sign_in("lead")
    refused = await staff.client.post(
        f"/api/v1/schools/{URN}/pupils/{BEN}/records",
        json={"kind": "concern_response", "record_id": "answer-0001",
              "concern_id": "concern-01", "response": "acknowledged",
              "routes": ["safeguarding"], "note": "Seen"},
        headers={"X-CSRF-Token": await staff.csrf()})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "kind"
    assert staff.sent.records == []
