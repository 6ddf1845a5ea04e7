"""The office's lists as pages and JSON, on the small school of tests.unit.web.records
(the app's clock says Tue 8 Sep 2026, 16:00 in London)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from services.web.office_activity import InMemoryOfficeActivity
from shared.contracts.comms_v1 import CallTaskEventV1, ReplyEventV1
from shared.contracts.office_v1 import CallOutcome, CallOutcomeV1
from tests.unit.web import records
from tests.unit.web.conftest import READ_TOKEN, WebUnderTest
from tests.unit.web.records import ADA, BEN, CLEO, URN
from tests.unit.web.store_behaviour import TOPICS, feed

BEARER = {"Authorization": f"Bearer {READ_TOKEN}"}
LISTS = ("golden-hour", "first-day-calls", "second-calls", "gate", "home-visits",
         "registers")


def activity(web: WebUnderTest) -> InMemoryOfficeActivity:
    held = web.app.state.web.activity
    assert isinstance(held, InMemoryOfficeActivity)
    return held


def first_day_call(upn: str, outcome: CallOutcome = "reached") -> CallOutcomeV1:
    return CallOutcomeV1(record_id=f"rec-{upn}-1", school_urn=URN, upn=upn,
                         school_day=date(2026, 9, 8),
                         recorded_at=datetime(2026, 9, 8, 9, 40, tzinfo=UTC),
                         recorded_by="office", attempt="first_day", outcome=outcome)


async def test_every_list_page_needs_sign_in_and_then_shows_for_the_day(
        web: WebUnderTest) -> None:
    assert (await web.client.get(f"/schools/{URN}/office/gate")).status_code == 303
    await web.sign_in()
    for name in LISTS:
        page = await web.client.get(f"/schools/{URN}/office/{name}?day=2026-09-08")
        assert page.status_code == 200, name
        assert "Tuesday 8 September 2026" in page.text
        assert "Parents' replies on 8 Sep" in page.text
        assert "No register marks have arrived" not in page.text
    no_marks_yet = await web.client.get(f"/schools/{URN}/office/first-day-calls?day=2026-09-09")
    assert "No register marks have arrived for Wednesday 9 September yet" in no_marks_yet.text
    index = await web.client.get(f"/schools/{URN}/office?day=2026-09-08")
    assert index.status_code == 200 and "First-day absence calls" in index.text


async def test_the_first_day_list_links_each_pupil_to_their_page_and_the_call_form(
        web: WebUnderTest) -> None:
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}/office/first-day-calls?day=2026-09-08")
    assert f'href="/schools/{URN}/pupils/{CLEO}"' in page.text
    assert (f"/schools/{URN}/pupils/{CLEO}/records/new?kind=call_outcome&amp;"
            "attempt=first_day&amp;day=2026-09-08") in page.text
    assert "Overdue" in page.text


async def test_the_first_day_json_shows_a_call_as_done_once_recorded(web: WebUnderTest) -> None:
    before = await web.client.get(f"/api/v1/schools/{URN}/office/first-day-calls"
                                  "?day=2026-09-08", headers=BEARER)
    assert [(c["upn"], c["deadline_status"]) for c in before.json()["calls"]] == [
        (CLEO, "overdue")]
    activity(web).records.append(first_day_call(CLEO))
    after = await web.client.get(f"/api/v1/schools/{URN}/office/first-day-calls"
                                 "?day=2026-09-08", headers=BEARER)
    assert [(c["upn"], c["deadline_status"]) for c in after.json()["calls"]] == [
        (CLEO, "done")]


async def test_a_bad_day_is_a_422_naming_the_parameter(web: WebUnderTest) -> None:
    answer = await web.client.get(f"/api/v1/schools/{URN}/office/gate?day=2026-13-01",
                                  headers=BEARER)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "day"
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}/office/gate?day=yesterday")
    assert page.status_code == 422 and "day" in page.text


async def test_an_unknown_school_or_list_is_a_404(web: WebUnderTest) -> None:
    unknown = await web.client.get("/api/v1/schools/999999/office/gate", headers=BEARER)
    assert unknown.status_code in (403, 404)
    await web.sign_in()
    assert (await web.client.get("/schools/999999/office/gate")).status_code == 404
    assert (await web.client.get(f"/schools/{URN}/office/tea-rota")).status_code == 404


async def test_the_day_defaults_to_today_in_london(web: WebUnderTest) -> None:
    answer = await web.client.get(f"/api/v1/schools/{URN}/office/registers", headers=BEARER)
    assert answer.json()["day"] == "2026-09-08"


async def test_registers_list_classes_with_missing_marks_after_1500(web: WebUnderTest) -> None:
    answer = await web.client.get(f"/api/v1/schools/{URN}/office/registers?day=2026-09-08",
                                  headers=BEARER)
    classes = {c["reg_group"]: [(p["upn"], p["sessions_without_mark"]) for p in c["pupils"]]
               for c in answer.json()["classes"]}
    assert classes == {"3B": [(BEN, ["PM"])], "RB": [(CLEO, ["AM", "PM"])]}


async def test_parents_replies_and_call_tasks_show_beside_the_second_calls(
        web: WebUnderTest) -> None:
    now = datetime(2026, 9, 8, 12, 0, tzinfo=UTC)
    activity(web).reply_events.append(ReplyEventV1(
        school_urn=URN, version=1, updated_at=now, message_id="msg-1", upns=[BEN],
        sender="07700 900456", body="He will be in after lunch", received_at=now))
    activity(web).tasks.append(CallTaskEventV1(
        school_urn=URN, version=1, updated_at=now, task_id="task-1", upn=BEN,
        purpose="holiday_refusal_call", due_on=date(2026, 9, 8)))
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}/office/second-calls?day=2026-09-08")
    assert "He will be in after lunch" in page.text and "900456" not in page.text
    assert "holiday refusal call" in page.text and "Ben Okafor" in page.text


async def test_the_golden_hour_page_states_the_rules_the_texts_follow(
        web: WebUnderTest) -> None:
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}/office/golden-hour?day=2026-09-08")
    assert ("Thursday evening texts go to families whose child missed 2 or more of the "
            "last 6 school Fridays.") in page.text
    assert "attendance below 95% this school year" in page.text
    assert "gets a call, and no text" in page.text
    answer = await web.client.get(f"/api/v1/schools/{URN}/office/golden-hour?day=2026-09-08",
                                  headers=BEARER)
    rule = answer.json()["rule"]
    assert rule["friday_text"] == ("Thursday evening texts go to families whose child "
                                   "missed 2 or more of the last 6 school Fridays.")
    assert rule["cohort"].startswith("Pupils on roll with attendance below 95%")


async def test_the_golden_hour_page_states_the_schools_own_pattern(
        web: WebUnderTest) -> None:
    own = records.school_settings(updated_at="2026-09-07T10:00:00+01:00")
    own["message_schedule"] = {"office": {"pattern_absences": 3, "pattern_weeks": 8,
                                          "nudge_below_pct": 94}}
    await feed(web.store, (TOPICS.schools, own))
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}/office/golden-hour?day=2026-09-08")
    assert ("Thursday evening texts go to families whose child missed 3 or more of the "
            "last 8 school Fridays.") in page.text
    assert "attendance below 94% this school year" in page.text


def opt_out_reply(message_id: str, opted_out: bool, hour: int) -> ReplyEventV1:
    at = datetime(2026, 9, 8, hour, 0, tzinfo=UTC)
    return ReplyEventV1(school_urn=URN, version=1, updated_at=at, message_id=message_id,
                        upns=[ADA, BEN, CLEO], sender="+447700900123",
                        body="STOP" if opted_out else "START", received_at=at,
                        opted_out=opted_out)


async def golden_hour_json(web: WebUnderTest, day: str) -> dict[str, Any]:
    answer = await web.client.get(f"/api/v1/schools/{URN}/office/golden-hour?day={day}",
                                  headers=BEARER)
    assert answer.status_code == 200
    body: dict[str, Any] = answer.json()
    return body


async def test_a_family_whose_number_replied_stop_is_a_call_until_it_replies_start(
        web: WebUnderTest) -> None:
    own = records.school_settings(updated_at="2026-09-07T10:00:00+01:00")
    own["message_schedule"] = {"office": {"call_below_pct": 50}}  # Ben's 66.7%: a text
    await feed(web.store, (TOPICS.schools, own))
    before = (await golden_hour_json(web, "2026-09-08"))["families"]
    assert [(f["channel"], [p["upn"] for p in f["pupils"]]) for f in before] == [
        ("text", [BEN])]

    activity(web).reply_events.append(opt_out_reply("msg-stop", True, 7))
    [stopped] = (await golden_hour_json(web, "2026-09-08"))["families"]
    assert (stopped["channel"], stopped["channel_reason"]) == (
        "call", "no contact may receive texts")
    assert [(c["opted_out"], c["may_be_texted"]) for c in stopped["contacts"]] == [
        (True, False)]
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}/office/golden-hour?day=2026-09-08")
    assert "replied STOP: no texts" in page.text

    activity(web).reply_events.append(opt_out_reply("msg-start", False, 8))
    [again] = (await golden_hour_json(web, "2026-09-08"))["families"]
    assert again["channel"] == "text" and not again["contacts"][0]["opted_out"]


async def test_brother_and_sister_sharing_a_phone_are_one_family_on_the_golden_hour_page(
        web: WebUnderTest) -> None:
    body = await golden_hour_json(web, "2026-09-09")  # Ada and Ben were both off on Tuesday
    [family] = body["families"]
    assert sorted(p["upn"] for p in family["pupils"]) == sorted([ADA, BEN])
    assert len(family["contacts"]) == 1 and family["channel"] == "call"
    assert sorted(n["upn"] for n in body["nudges"]) == sorted([ADA, BEN])
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}/office/golden-hour?day=2026-09-09")
    assert "1 family (2 pupils) to nudge" in page.text
    assert page.text.count('<tbody class="family">') == 1
