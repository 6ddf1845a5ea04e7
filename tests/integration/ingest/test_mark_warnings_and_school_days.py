"""On the real stack: a mark with a misspelt field is accepted with a warning that reaches
the warnings topic without the pupil's UPN, and a mark for a day with no sessions (a
weekend, or a closure in the calendar the school set, kept in the store) is refused,
over HTTP and on the MIS topic alike."""

from __future__ import annotations

import json

import pytest
from kafka import KafkaProducer

from tests.integration.ingest.conftest import LiveIntake, Message
from tests.unit.ingest.records import SCHOOL_A, make_upn, mark, school

pytestmark = pytest.mark.infra
# Friday 4 September 2026 is a closure day in the school's calendar; 5 and 6 are a weekend.
CLOSURE, SATURDAY, SUNDAY = "2026-09-04", "2026-09-05", "2026-09-06"


def _set_calendar(live_intake: LiveIntake) -> None:
    answer = live_intake.client.put(
        f"/v1/schools/{SCHOOL_A}", json=school(closures=[{"date": CLOSURE, "reason": "INSET"}]),
        headers={"Authorization": f"Bearer {live_intake.token}"})
    assert answer.status_code == 202


def _produce(live_intake: LiveIntake, records: list[dict[str, object]], key: str) -> None:
    producer = KafkaProducer(bootstrap_servers=live_intake.kafka.bootstrap_servers, acks="all")
    try:
        for record in records:
            producer.send(live_intake.settings.mis_marks_topic, key=key.encode(),
                          value=json.dumps(record).encode())
        producer.flush(timeout=10)
    finally:
        producer.close()


def test_a_json_mark_with_a_misspelt_field_is_accepted_and_its_warning_reaches_the_topic(
        live_intake: LiveIntake) -> None:
    upn = make_upn(301)
    answer = live_intake.post("/v1/marks", json={"marks": [
        mark(upn=upn), mark(upn=upn, session="PM", reason_code="I")]})
    assert answer.status_code == 202
    body = answer.json()
    assert body["accepted"] == 2
    [warned] = body["warnings"]
    assert warned["index"] == 1
    assert warned["warnings"][0]["field"] == "reason_code"
    assert "not a field of a mark" in warned["warnings"][0]["message"]
    found = live_intake.read(live_intake.settings.warnings_topic,
                             lambda messages: bool(_http(messages)))
    [warning] = _http(found)
    assert warning.key == SCHOOL_A
    assert warning.value["position"] == {"index": 1}
    assert warning.value["warnings"] == warned["warnings"]
    assert upn not in json.dumps(warning.value)


def test_weekend_and_closure_day_marks_posted_over_http_are_refused_naming_the_date(
        live_intake: LiveIntake) -> None:
    _set_calendar(live_intake)
    upn = make_upn(302)
    answer = live_intake.post("/v1/marks", json={"marks": [
        mark(upn=upn), mark(upn=upn, date=SATURDAY), mark(upn=upn, date=CLOSURE),
        mark(upn=upn, date=CLOSURE, session="PM", code="#")]})
    assert answer.status_code == 202
    body = answer.json()
    assert body["accepted"] == 2
    refused = {item["index"]: item["errors"][0] for item in body["rejected"]}
    assert sorted(refused) == [1, 2]
    assert refused[1]["field"] == refused[2]["field"] == "date"
    assert f"{SATURDAY} is a Saturday" in refused[1]["message"]
    assert "it is a closure day" in refused[2]["message"]
    assert f"PUT /v1/schools/{SCHOOL_A}" in refused[2]["message"]


def test_marks_on_the_mis_topic_get_the_same_warning_and_the_same_refusals(
        live_intake: LiveIntake) -> None:
    _set_calendar(live_intake)
    upn = make_upn(303)
    key = f"{SCHOOL_A}:{upn}"
    _produce(live_intake, [
        mark(upn=upn, recorded="2026-09-02T08:50:00+01:00"),
        mark(upn=upn, date=SUNDAY),
        mark(upn=upn, date=CLOSURE, code="I"),
    ], key)
    warnings = live_intake.read(live_intake.settings.warnings_topic,
                                lambda messages: bool(_kafka(messages, live_intake)))
    [warning] = _kafka(warnings, live_intake)
    assert warning.value["position"]["offset"] == 0
    assert [w["field"] for w in warning.value["warnings"]] == ["recorded"]
    assert upn not in json.dumps(warning.value)
    rejects = live_intake.read(live_intake.settings.rejects_topic,
                               lambda messages: len(_kafka(messages, live_intake)) >= 2)
    by_offset = {r.value["position"]["offset"]: r.value["errors"][0]
                 for r in _kafka(rejects, live_intake)}
    assert f"{SUNDAY} is a Sunday" in by_offset[1]["message"]
    assert "it is a closure day" in by_offset[2]["message"]
    marks = live_intake.read(live_intake.settings.marks_topic,
                             lambda messages: any(m.key == key for m in messages), seconds=5)
    assert [m.value["date"] for m in marks if m.key == key] == ["2026-09-02"]


def _http(messages: list[Message]) -> list[Message]:
    return [m for m in messages if isinstance(m.value, dict) and m.value.get("source") == "http"]


def _kafka(messages: list[Message], live_intake: LiveIntake) -> list[Message]:
    topic = live_intake.settings.mis_marks_topic
    return [m for m in messages if isinstance(m.value, dict)
            and m.value.get("position", {}).get("topic") == topic]
