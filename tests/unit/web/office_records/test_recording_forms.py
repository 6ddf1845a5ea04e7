"""Recording what staff did on the forms (in-memory twins: what is published is checked)."""

from __future__ import annotations

from shared.contracts.office_v1 import CallOutcomeV1, ConcernV1
from tests.unit.web.office_records.conftest import Desk, form_field
from tests.unit.web.records import ADA, URN

FORM = f"/schools/{URN}/pupils/{ADA}/records/new"


async def filled_call_form(desk: Desk, **changes: str) -> dict[str, str]:
    page = await desk.client.get(FORM, params={"kind": "call_outcome"})
    fields = {"csrf_token": form_field(page.text, "csrf_token"),
              "record_id": form_field(page.text, "record_id"), "kind": "call_outcome",
              "school_day": "2026-09-08", "attempt": "first_day", "outcome": "reached",
              "barrier": "illness", "reason_given": "Temperature", "note": "Back tomorrow"}
    fields.update(changes)
    return fields


async def test_the_first_day_call_link_opens_a_form_with_the_call_and_day_filled_in(
        desk: Desk) -> None:
    page = await desk.client.get(FORM, params={"kind": "call_outcome",
                                               "attempt": "second", "day": "2026-09-07"})
    assert page.status_code == 200 and "Call outcome: Ada Lovelace" in page.text
    assert '<option value="second" selected>' in page.text
    assert 'value="2026-09-07"' in page.text
    assert len(form_field(page.text, "record_id")) >= 8


async def test_a_call_outcome_recorded_on_the_form_is_published_and_back_to_the_pupil_page(
        desk: Desk) -> None:
    sent = await desk.client.post(FORM, data=await filled_call_form(desk))
    assert sent.status_code == 303
    assert sent.headers["location"].startswith(f"/schools/{URN}/pupils/{ADA}")
    [record] = desk.sent.records
    assert isinstance(record, CallOutcomeV1)
    assert (record.upn, record.outcome, record.barrier, record.recorded_by) == (
        ADA, "reached", "illness", "office")


async def test_a_form_sent_without_its_csrf_token_is_refused_and_nothing_is_recorded(
        desk: Desk) -> None:
    fields = await filled_call_form(desk)
    del fields["csrf_token"]
    refused = await desk.client.post(FORM, data=fields)
    assert refused.status_code == 403 and "reload the page" in refused.text
    assert desk.sent.records == []


async def test_a_call_without_an_outcome_is_shown_again_naming_the_outcome_with_entries_kept(
        desk: Desk) -> None:
    fields = await filled_call_form(desk)
    del fields["outcome"]
    page = await desk.client.post(FORM, data=fields)
    assert page.status_code == 422
    assert "Outcome: this is needed." in page.text and "Temperature" in page.text
    assert form_field(page.text, "record_id") == fields["record_id"]
    assert desk.sent.records == []


async def test_a_holiday_request_ending_before_it_starts_names_the_last_day(
        desk: Desk) -> None:
    page = await desk.client.get(FORM, params={"kind": "holiday_request"})
    answer = await desk.client.post(FORM, data={
        "csrf_token": form_field(page.text, "csrf_token"), "kind": "holiday_request",
        "record_id": form_field(page.text, "record_id"), "school_day": "2026-09-08",
        "first_day": "2026-10-12", "last_day": "2026-10-09", "decision": "pending"})
    assert answer.status_code == 422 and "Last day:" in answer.text


async def test_a_concern_must_be_sent_to_the_attendance_lead_or_safeguarding(
        desk: Desk) -> None:
    page = await desk.client.get(FORM, params={"kind": "concern"})
    fields = {"csrf_token": form_field(page.text, "csrf_token"), "kind": "concern",
              "record_id": form_field(page.text, "record_id"), "school_day": "2026-09-08"}
    refused = await desk.client.post(FORM, data=fields)
    assert refused.status_code == 422 and "Send to: choose at least one." in refused.text
    fields["routed_to"] = ["attendance_lead", "safeguarding"]  # type: ignore[assignment]
    sent = await desk.client.post(FORM, data=fields)
    assert sent.status_code == 303
    [concern] = desk.sent.records
    assert isinstance(concern, ConcernV1)
    assert concern.routed_to == ["attendance_lead", "safeguarding"]


async def test_the_form_for_a_pupil_not_known_at_the_school_is_a_404(desk: Desk) -> None:
    page = await desk.client.get(f"/schools/{URN}/pupils/Z999999999999/records/new")
    assert page.status_code == 404 and "Check the UPN" in page.text
