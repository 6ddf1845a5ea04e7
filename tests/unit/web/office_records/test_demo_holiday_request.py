"""The demo's office records a parent's holiday request, refused, through the staff pages'
recording endpoint, and says whether comms' answer (the refusal letter and the same-day
call) is on the letters queue and the second-calls list (the app's day: Tue 8 Sep 2026)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from shared.contracts.comms_v1 import CallTaskEventV1, LetterEventV1
from shared.demo.holiday_request import HolidayRequest, record_refusal
from shared.demo.staff_client import SignIn
from tests.unit.web.accounts import PASSWORD
from tests.unit.web.office_records.conftest import Desk
from tests.unit.web.records import ADA, BEN, URN

REQUEST = HolidayRequest(URN, BEN, date(2026, 9, 8), date(2026, 12, 14), date(2026, 12, 18))
OFFICE = SignIn("office", PASSWORD)
ANSWERED_AT = datetime(2026, 9, 8, 11, 0, 5, tzinfo=UTC)
BOTH_SEEN = ("the head teacher's refusal letter is in the letters queue and a same-day call "
             "is on the second-calls list")


def refusal_letter(upn: str = BEN) -> LetterEventV1:
    return LetterEventV1(school_urn=URN, version=1, updated_at=ANSWERED_AT,
                         letter_id=f"refusal-{upn}", upn=upn, letter_kind="holiday_refusal",
                         state="approved", title="Term-time leave request refused",
                         body_text="")


def refusal_call(upn: str = BEN) -> CallTaskEventV1:
    return CallTaskEventV1(school_urn=URN, version=1, updated_at=ANSWERED_AT,
                           task_id=f"call-{upn}", upn=upn, purpose="holiday_refusal_call",
                           due_on=date(2026, 9, 8))


async def test_the_office_records_the_refused_request_as_staff_do(desk: Desk) -> None:
    desk.client.cookies.clear()  # the demo signs in for itself
    seen = await record_refusal(desk.client, OFFICE, REQUEST, seen_within_s=0)
    [record] = desk.sent.records
    assert (record.kind, record.upn, record.recorded_by) == ("holiday_request", BEN, "office")
    assert record.model_dump(include={"school_day", "first_day", "last_day", "decision"}) == {
        "school_day": date(2026, 9, 8), "first_day": date(2026, 12, 14),
        "last_day": date(2026, 12, 18), "decision": "refused"}
    assert (seen.letter, seen.call) == (False, False)
    assert seen.text().startswith(
        "the refusal letter and the call task not on the staff pages yet after 0 s")


async def test_the_demo_says_when_the_letter_and_the_call_are_on_the_staff_pages(
        desk: Desk) -> None:
    await desk.log.store_events([refusal_letter(), refusal_call()])
    seen = await record_refusal(desk.client, OFFICE, REQUEST, seen_within_s=0)
    assert (seen.letter, seen.call) == (True, True) and seen.text() == BOTH_SEEN


async def test_another_pupils_refusal_is_not_taken_for_this_one(desk: Desk) -> None:
    await desk.log.store_events([refusal_letter(ADA), refusal_call()])
    seen = await record_refusal(desk.client, OFFICE, REQUEST, seen_within_s=0)
    assert (seen.letter, seen.call) == (False, True)
    assert seen.text().startswith("the refusal letter not on the staff pages yet")
