"""The timeline, patterns, outbox and letters pages over the in-memory office log."""

from __future__ import annotations

from shared.contracts.comms_v1 import LetterReviewV1, SendDecisionV1
from tests.unit.web.office_records import samples
from tests.unit.web.office_records.conftest import Desk, form_field
from tests.unit.web.records import ADA, BEN, URN


async def test_the_pupil_page_shows_what_was_done_newest_first_and_the_barriers_named(
        desk: Desk) -> None:
    await desk.log.store_records([samples.call(), samples.call("call-0002", minutes=60,
                                                               attempt="second")])
    await desk.log.store_events([samples.delivery(), samples.reply()])
    page = await desk.client.get(f"/schools/{URN}/pupils/{ADA}")
    assert page.status_code == 200
    timeline = page.text[page.text.index("What has been done"):]
    order = [timeline.index(s) for s in ("second call", "Parent&#39;s reply", "Text",
                                         "first day call")]
    assert order == sorted(order)
    assert "<strong>illness</strong> × 2" in timeline


async def test_the_patterns_page_lists_concerns_by_where_they_were_sent(desk: Desk) -> None:
    await desk.log.store_records([samples.call(), samples.concern(),
                                  samples.concern("concern-02", ADA, ("attendance_lead",),
                                                  barrier="transport")])
    await desk.sign_in("head")
    page = await desk.client.get(f"/schools/{URN}/patterns")
    assert page.status_code == 200
    lead, safeguarding = concern_sections(page.text)
    assert ADA in lead and BEN not in lead
    assert BEN in safeguarding and "Seemed withdrawn" in safeguarding


async def test_the_patterns_page_shows_the_office_no_safeguarding_concern(
        desk: Desk) -> None:
    await desk.log.store_records([samples.concern(),
                                  samples.concern("concern-02", ADA, ("attendance_lead",),
                                                  barrier="transport")])
    page = await desk.client.get(f"/schools/{URN}/patterns")
    lead, _ = concern_sections(page.text)
    assert ADA in lead and BEN not in page.text
    assert "1 concern sent to the safeguarding team this school year is not listed" in page.text


def concern_sections(page: str) -> tuple[str, str]:
    """The patterns page's list of the attendance lead's concerns, then safeguarding's."""
    lead = page.index('id="attendance_lead-heading"')
    safeguarding = page.index('id="safeguarding-heading"')
    return page[lead:safeguarding], page[safeguarding:]


async def test_the_outbox_lists_unknown_texts_first_with_the_number_masked(desk: Desk) -> None:
    await desk.log.store_events([samples.delivery(minutes=1),
                                 samples.delivery("text-0002", state="unknown",
                                                  needs_decision=True, minutes=2)])
    page = await desk.client.get(f"/schools/{URN}/outbox", params={"day": "2026-09-08"})
    assert page.status_code == 200
    assert page.text.index("(outcome unknown)") < page.text.index("<td>sent</td>")
    assert "••••••••123" in page.text and samples.PHONE not in page.text


async def test_deciding_to_send_a_text_again_publishes_the_decision_for_comms(
        desk: Desk) -> None:
    await desk.log.store_events([samples.delivery(state="unknown", needs_decision=True)])
    page = await desk.client.get(f"/schools/{URN}/outbox?day=2026-09-08")
    answer = await desk.client.post(f"/schools/{URN}/outbox/decisions", data={
        "csrf_token": form_field(page.text, "csrf_token"), "delivery_id": "text-0001",
        "command_id": form_field(page.text, "command_id"), "day": "2026-09-08",
        "decision": "send_again"})
    assert answer.status_code == 303
    [decision] = desk.sent.commands
    assert isinstance(decision, SendDecisionV1)
    assert (decision.delivery_id, decision.decision, decision.school_urn) == (
        "text-0001", "send_again", URN)


async def test_a_bad_outbox_day_is_a_422_naming_the_day(desk: Desk) -> None:
    page = await desk.client.get(f"/schools/{URN}/outbox?day=8-9-2026")
    assert page.status_code == 422 and "day &#39;8-9-2026&#39; is not a date" in page.text


async def test_a_draft_letter_edited_on_its_page_sends_the_new_text_to_comms(
        desk: Desk) -> None:
    await desk.sign_in("lead")
    await desk.log.store_events([samples.letter()])
    listed = await desk.client.get(f"/schools/{URN}/letters")
    assert "Attendance below 95%" in listed.text
    page = await desk.client.get(f"/schools/{URN}/letters/letter-0001")
    answer = await desk.client.post(f"/schools/{URN}/letters/letter-0001/review", data={
        "csrf_token": form_field(page.text, "csrf_token"), "action": "edit",
        "command_id": form_field(page.text, "command_id"),
        "body_text": "Dear Ms Okafor, we know Ben has been unwell..."})
    assert answer.status_code == 303
    [review] = desk.sent.commands
    assert isinstance(review, LetterReviewV1)
    assert (review.action, review.body_text) == (
        "edit", "Dear Ms Okafor, we know Ben has been unwell...")


async def test_an_issued_letter_cannot_be_approved_again_and_its_pdf_downloads(
        desk: Desk) -> None:
    await desk.sign_in("lead")
    await desk.log.store_events([samples.letter(state="issued", pdf=samples.PDF)])
    page = await desk.client.get(f"/schools/{URN}/letters/letter-0001")
    refused = await desk.client.post(f"/schools/{URN}/letters/letter-0001/review", data={
        "csrf_token": form_field(page.text, "csrf_token"), "action": "approve",
        "command_id": "approve-0001"})
    assert refused.status_code == 409 and desk.sent.commands == []
    pdf = await desk.client.get(f"/schools/{URN}/letters/letter-0001.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content == samples.PDF
    missing = await desk.client.get(f"/schools/{URN}/letters/letter-9999.pdf")
    assert missing.status_code == 404
