"""Marks for a day with no sessions are refused by the intake naming the record, the
date and the fix: a weekend always, and a day off the calendar the school set with
PUT /v1/schools/{urn}."""

from __future__ import annotations

import json

from services.ingest.memory import MemoryPublisher
from tests.unit.ingest.conftest import Intake
from tests.unit.ingest.records import SCHOOL_A, make_upn, mark, school
from tests.unit.ingest.test_mis_consumer import PARTITION, RecordingConsumer, _consumer, _message

CSV = {"Content-Type": "text/csv"}
# Friday 4 September 2026 is a closure in this school's calendar (terms from 2 September).
CLOSED = school(closures=[{"date": "2026-09-04", "reason": "INSET"}])


def test_a_saturday_mark_is_refused_naming_the_date(intake: Intake) -> None:
    response = intake.post("/v1/marks", json={"marks": [mark(), mark(date="2026-09-05")]})
    assert response.status_code == 202
    [refused] = response.json()["rejected"]
    assert refused["index"] == 1
    [error] = refused["errors"]
    assert error["field"] == "date"
    assert "2026-09-05 is a Saturday" in error["message"]
    [reject] = intake.values(intake.topics.rejects)
    assert reject["errors"] == refused["errors"]


def test_a_mark_on_a_closure_day_of_the_schools_calendar_is_refused_saying_how_to_fix_it(
        intake: Intake) -> None:
    assert intake.put(f"/v1/schools/{SCHOOL_A}", json=CLOSED).status_code == 202
    response = intake.post("/v1/marks", json={"marks": [mark(date="2026-09-04")]})
    assert response.status_code == 422
    [error] = response.json()["rejected"][0]["errors"]
    assert error["field"] == "date"
    assert "not a school day in school 100001's calendar (it is a closure day)" in \
        error["message"]
    assert "PUT /v1/schools/100001" in error["message"]


def test_a_closure_code_on_the_schools_closure_day_is_accepted(intake: Intake) -> None:
    intake.put(f"/v1/schools/{SCHOOL_A}", json=CLOSED)
    response = intake.post("/v1/marks", json={"marks": [mark(date="2026-09-04", code="#")]})
    assert response.json() == {"accepted": 1, "rejected": []}


def test_before_the_school_sets_a_calendar_only_weekends_are_refused(intake: Intake) -> None:
    response = intake.post("/v1/marks", json={"marks": [mark(date="2026-09-04")]})
    assert response.json() == {"accepted": 1, "rejected": []}


def test_later_settings_replace_the_calendar_and_older_ones_do_not(intake: Intake) -> None:
    intake.put(f"/v1/schools/{SCHOOL_A}", json=CLOSED)
    older = school(closures=[], updated_at="2026-08-01T09:00:00+01:00")
    intake.put(f"/v1/schools/{SCHOOL_A}", json=older)
    assert intake.post("/v1/marks", json={"marks": [mark(date="2026-09-04")]}).status_code == 422
    newer = school(closures=[], updated_at="2026-09-04T18:00:00+01:00")
    intake.put(f"/v1/schools/{SCHOOL_A}", json=newer)
    assert intake.post("/v1/marks", json={"marks": [mark(date="2026-09-04")]}).status_code == 202


def test_a_csv_row_for_a_day_outside_the_schools_terms_is_refused_by_its_line(
        intake: Intake) -> None:
    intake.put(f"/v1/schools/{SCHOOL_A}", json=CLOSED)
    body = ("school_urn,upn,date,session,code,recorded_at\n"
            f"100001,{make_upn(1)},2026-09-02,AM,/,2026-09-02T08:50:00+01:00\n"
            f"100001,{make_upn(1)},2026-08-28,AM,/,2026-08-28T08:50:00+01:00\n")
    response = intake.post("/v1/marks.csv", content=body, headers=CSV)
    [refused] = response.json()["rejected"]
    assert refused["row"] == 3
    assert "it is outside the school's terms" in refused["errors"][0]["message"]


async def test_a_sunday_mark_on_the_mis_topic_goes_to_the_rejects_with_its_offset() -> None:
    publisher = MemoryPublisher()
    sent = json.dumps(mark(date="2026-09-06", session="PM")).encode()
    await _consumer(publisher)._take(RecordingConsumer(), {PARTITION: [_message(5, sent)]})
    assert publisher.on("attendance.marks.v1") == []
    [reject] = publisher.on("attendance.rejects.v1")
    assert reject.value["position"]["offset"] == 5
    assert "2026-09-06 is a Sunday" in reject.value["errors"][0]["message"]
