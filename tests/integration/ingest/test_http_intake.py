"""Marks, pupils and settings posted over HTTP reach the real topics, bad ones as rejects."""

from __future__ import annotations

import pytest

from tests.integration.ingest.conftest import LiveIntake, Message
from tests.unit.ingest.records import SCHOOL_A, SCHOOL_B, make_upn, mark, pupil, school

pytestmark = pytest.mark.infra


def _for(upn: str) -> str:
    return f"{SCHOOL_A}:{upn}"


def test_the_health_page_answers_once_kafka_and_the_store_do(live_intake: LiveIntake) -> None:
    assert live_intake.client.get("/healthz").json() == {"status": "ok"}


def test_json_and_csv_marks_arrive_normalised_and_keyed_by_pupil(
        live_intake: LiveIntake) -> None:
    upn = make_upn(101)
    json_answer = live_intake.post("/v1/marks", json={"marks": [
        mark(upn=upn, code="y:1"), mark(upn=upn, session="pm", code="\\")]})
    csv_body = ("school_urn,upn,date,session,code,minutes_late,recorded_at,comment\n"
                f"{SCHOOL_A},{upn},2026-09-03,AM,L,12,2026-09-03T09:05:00+01:00,bus\n")
    csv_answer = live_intake.post("/v1/marks.csv", content=csv_body,
                                  headers={"Content-Type": "text/csv"})
    assert json_answer.status_code == csv_answer.status_code == 202

    mine = live_intake.read(live_intake.settings.marks_topic,
                            lambda found: len(_keyed(found, _for(upn))) >= 3)
    marks = _keyed(mine, _for(upn))
    assert [(m.value["date"], m.value["session"], m.value["code"], m.value["source"])
            for m in marks] == [("2026-09-02", "AM", "Y1", "http"),
                                ("2026-09-02", "PM", "\\", "http"),
                                ("2026-09-03", "AM", "L", "csv")]
    assert marks[2].value["minutes_late"] == 12 and marks[2].value["comment"] == "bus"
    assert len({m.partition for m in marks}) == 1


def test_bad_records_are_answered_and_appear_on_the_rejects_topic_with_the_reason(
        live_intake: LiveIntake) -> None:
    upn = make_upn(102)
    answer = live_intake.post("/v1/marks", json={"marks": [
        mark(upn=upn), mark(upn=upn, code="H", comment="holiday-test")]})
    assert answer.status_code == 202
    assert answer.json()["rejected"][0]["errors"][0]["field"] == "code"
    rejects = live_intake.read(live_intake.settings.rejects_topic,
                               lambda found: bool(_about(found, "holiday-test")))
    [reject] = _about(rejects, "holiday-test")
    assert reject.key == SCHOOL_A
    assert reject.value["position"] == {"index": 1}
    assert reject.value["integration"] == "Example MIS"
    assert "H" in reject.value["errors"][0]["message"]


def test_a_token_for_school_a_gets_school_b_marks_refused(live_intake: LiveIntake) -> None:
    upn = make_upn(103)
    partly = live_intake.post("/v1/marks", json={"marks": [
        mark(upn=upn), mark(upn=upn, school_urn=SCHOOL_B, comment="other-school")]})
    wholly = live_intake.post("/v1/marks", json={"marks": [
        mark(upn=upn, school_urn=SCHOOL_B, comment="other-school")]})
    assert partly.status_code == 202 and partly.json()["accepted"] == 1
    assert SCHOOL_B in partly.json()["rejected"][0]["errors"][0]["message"]
    assert wholly.status_code == 403
    rejects = live_intake.read(live_intake.settings.rejects_topic,
                               lambda found: len(_about(found, "other-school")) >= 2)
    assert [r.key for r in _about(rejects, "other-school")] == [SCHOOL_B, SCHOOL_B]
    marks = live_intake.read(live_intake.settings.marks_topic,
                             lambda found: bool(_keyed(found, _for(upn))), seconds=5)
    assert {m.value["school_urn"] for m in _keyed(marks, _for(upn))} == {SCHOOL_A}


def test_the_roster_in_the_store_refuses_marks_outside_a_pupil_s_roll(
        live_intake: LiveIntake) -> None:
    upn = make_upn(104)
    newer = pupil(upn=upn, admission_date="2026-09-03", updated_at="2026-09-02T10:00:00Z")
    older = pupil(upn=upn, admission_date="2019-09-04", updated_at="2026-09-01T10:00:00Z")
    assert live_intake.post("/v1/pupils", json={"pupils": [newer]}).status_code == 202
    assert live_intake.post("/v1/pupils", json={"pupils": [older]}).status_code == 202
    answer = live_intake.post("/v1/marks", json={"marks": [mark(upn=upn, date="2026-09-02")]})
    assert answer.status_code == 422
    assert "admission on 2026-09-03" in answer.json()["rejected"][0]["errors"][0]["message"]
    pupils = live_intake.read(live_intake.settings.pupils_topic,
                              lambda found: len(_keyed(found, _for(upn))) >= 2)
    assert [p.value["schema_version"] for p in _keyed(pupils, _for(upn))] == [1, 1]


def test_school_settings_reach_the_schools_topic_keyed_by_urn(live_intake: LiveIntake) -> None:
    answer = live_intake.client.put(f"/v1/schools/{SCHOOL_A}", json=school(), headers={
        "Authorization": f"Bearer {live_intake.token}"})
    assert answer.status_code == 202
    settings = live_intake.read(live_intake.settings.schools_topic,
                                lambda found: bool(_keyed(found, SCHOOL_A)))
    assert _keyed(settings, SCHOOL_A)[0].value["name"] == "Oakfield Primary"


def _keyed(messages: list[Message], key: str) -> list[Message]:
    return [m for m in messages if m.key == key]


def _about(messages: list[Message], comment: str) -> list[Message]:
    return [m for m in messages if isinstance(m.value, dict)
            and isinstance(m.value.get("record"), dict)
            and m.value["record"].get("comment") == comment]
