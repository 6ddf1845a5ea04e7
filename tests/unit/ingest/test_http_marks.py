"""POST /v1/marks: what an integrator sees for good, bad and out-of-scope marks."""

from __future__ import annotations

import json

from tests.unit.ingest.conftest import READ_TOKEN, Intake
from tests.unit.ingest.records import SCHOOL_A, SCHOOL_B, make_upn, mark, pupil


def test_valid_marks_are_accepted_and_published_normalised_and_keyed_by_pupil(
        intake: Intake) -> None:
    response = intake.post("/v1/marks", json={"marks": [
        mark(), mark(session="pm", code="y 1", minutes_late="", comment="")]})
    assert response.status_code == 202
    assert response.json() == {"accepted": 2, "rejected": []}
    published = intake.publisher.on(intake.topics.marks)
    assert [message.key for message in published] == [f"{SCHOOL_A}:{make_upn(1)}"] * 2
    assert published[1].value == {
        "schema_version": 1, "school_urn": SCHOOL_A, "upn": make_upn(1), "date": "2026-09-02",
        "session": "PM", "code": "Y1", "minutes_late": None,
        "recorded_at": "2026-09-02T08:50:00+01:00", "comment": None, "source": "http",
        "ingested_at": "2026-09-07T09:30:00+00:00"}


def test_a_bad_mark_is_refused_by_index_with_each_bad_field_and_sent_to_rejects(
        intake: Intake) -> None:
    bad = mark(code="Q9", upn="B330123426001")
    response = intake.post("/v1/marks", json={"marks": [mark(), bad]})
    assert response.status_code == 202
    body = response.json()
    assert body["accepted"] == 1
    [refused] = body["rejected"]
    assert refused["index"] == 1 and "row" not in refused
    assert {error["field"] for error in refused["errors"]} == {"code", "upn"}
    [reject] = intake.values(intake.topics.rejects)
    assert reject["record"] == bad
    assert reject["position"] == {"index": 1}
    assert reject["source"] == "http" and reject["integration"] == "Example MIS"
    assert reject["errors"] == refused["errors"]
    assert intake.publisher.on(intake.topics.rejects)[0].key == SCHOOL_A


def test_a_request_whose_every_mark_is_refused_is_422_with_the_same_body(
        intake: Intake) -> None:
    response = intake.post("/v1/marks", json={"marks": [mark(date="2026-02-30"), "not a mark"]})
    assert response.status_code == 422
    body = response.json()
    assert body["accepted"] == 0
    assert [refused["index"] for refused in body["rejected"]] == [0, 1]
    assert "real calendar date" in body["rejected"][0]["errors"][0]["message"]
    assert "JSON object" in body["rejected"][1]["errors"][0]["message"]
    assert len(intake.values(intake.topics.rejects)) == 2


def test_malformed_json_is_422_with_a_clear_message_and_a_reject(intake: Intake) -> None:
    response = intake.post("/v1/marks", content=b'{"marks": [', headers={
        "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["message"].startswith("the body is not valid JSON")
    [reject] = intake.values(intake.topics.rejects)
    assert reject["record"] == '{"marks": [' and reject["position"] == {"body": "whole"}


def test_a_body_without_a_list_of_marks_is_422_saying_the_expected_shape(
        intake: Intake) -> None:
    response = intake.post("/v1/marks", json=[mark()])
    assert response.status_code == 422
    assert '{"marks": [...]}' in response.json()["message"]


def test_an_empty_list_of_marks_is_422(intake: Intake) -> None:
    response = intake.post("/v1/marks", json={"marks": []})
    assert response.status_code == 422
    assert "no mark" in response.json()["message"]


def test_a_request_without_a_token_is_401(intake: Intake) -> None:
    response = intake.post("/v1/marks", token=None, json={"marks": [mark()]})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert intake.publisher.messages == []


def test_an_unknown_token_is_401(intake: Intake) -> None:
    assert intake.post("/v1/marks", token="guess", json={"marks": [mark()]}).status_code == 401


def test_a_read_token_cannot_send_marks(intake: Intake) -> None:
    response = intake.post("/v1/marks", token=READ_TOKEN, json={"marks": [mark()]})
    assert response.status_code == 403
    assert "ingest" in response.json()["detail"]


def test_a_mark_for_a_school_outside_the_token_is_refused_naming_the_school(
        intake: Intake) -> None:
    response = intake.post("/v1/marks", json={"marks": [mark(), mark(school_urn=SCHOOL_B)]})
    assert response.status_code == 202
    [refused] = response.json()["rejected"]
    assert refused["index"] == 1
    assert refused["errors"][0]["field"] == "school_urn"
    assert SCHOOL_B in refused["errors"][0]["message"]
    assert "not allowed" in refused["errors"][0]["message"]
    assert intake.values(intake.topics.rejects)[0]["record"]["school_urn"] == SCHOOL_B


def test_a_request_entirely_for_another_school_is_403_and_every_mark_is_a_reject(
        intake: Intake) -> None:
    response = intake.post("/v1/marks", json={"marks": [mark(school_urn=SCHOOL_B)] * 2})
    assert response.status_code == 403
    assert response.json()["accepted"] == 0
    assert len(response.json()["rejected"]) == 2
    assert len(intake.values(intake.topics.rejects)) == 2
    assert intake.publisher.on(intake.topics.marks) == []


def test_a_mark_for_a_future_date_is_refused(intake: Intake) -> None:
    response = intake.post("/v1/marks", json={"marks": [mark(date="2026-09-08")]})
    assert response.status_code == 422
    [error] = response.json()["rejected"][0]["errors"]
    assert error["field"] == "date" and "future" in error["message"]


def test_a_mark_outside_the_pupil_s_roll_is_refused_once_the_roster_is_known(
        intake: Intake) -> None:
    intake.post("/v1/pupils", json={"pupils": [pupil(admission_date="2026-09-03")]})
    response = intake.post("/v1/marks", json={"marks": [
        mark(date="2026-09-02"), mark(date="2026-09-03")]})
    assert response.json()["accepted"] == 1
    [refused] = response.json()["rejected"]
    assert refused["index"] == 0 and "admission" in refused["errors"][0]["message"]


def test_a_mark_for_a_pupil_not_on_the_roster_is_accepted(intake: Intake) -> None:
    response = intake.post("/v1/marks", json={"marks": [mark(upn=make_upn(777))]})
    assert response.status_code == 202


def test_a_body_over_the_size_limit_is_413_before_it_is_read(intake: Intake) -> None:
    body = json.dumps({"marks": [mark(comment="x" * 4000)] * 300})
    response = intake.post("/v1/marks", content=body, headers={
        "Content-Type": "application/json"})
    assert response.status_code == 413
    assert "smaller requests" in response.json()["message"]


def test_a_broker_outage_is_503_so_the_sender_retries(intake: Intake) -> None:
    intake.publisher.fail_next = True
    response = intake.post("/v1/marks", json={"marks": [mark()]})
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert intake.publisher.messages == []


def test_the_health_page_answers_ok(intake: Intake) -> None:
    response = intake.client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_the_openapi_document_shows_the_request_schemas(intake: Intake) -> None:
    document = intake.client.get("/openapi.json").json()
    assert "CanonicalMarkV1" in document["components"]["schemas"]
    assert "/v1/marks.csv" in document["paths"]
