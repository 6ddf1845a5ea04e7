"""A mark with a field that is not a field of a mark is accepted, and its sender is told
which record, which field and how to fix it: over JSON, CSV and the MIS topic alike."""

from __future__ import annotations

import json

from services.ingest.memory import MemoryPublisher
from tests.unit.ingest.conftest import Intake
from tests.unit.ingest.records import SCHOOL_A, make_upn, mark
from tests.unit.ingest.test_mis_consumer import (
    PARTITION,
    RecordingConsumer,
    _consumer,
    _message,
)

CSV = {"Content-Type": "text/csv"}


def test_a_mark_with_a_misspelt_field_is_accepted_with_a_warning_naming_the_record_and_field(
        intake: Intake) -> None:
    response = intake.post("/v1/marks", json={"marks": [
        mark(), mark(session="PM", code="L", minutes_lat="5")]})
    assert response.status_code == 202
    body = response.json()
    assert body["accepted"] == 2 and body["rejected"] == []
    [warned] = body["warnings"]
    assert warned["index"] == 1 and "row" not in warned
    [warning] = warned["warnings"]
    assert warning["field"] == "minutes_lat"
    assert "not a field of a mark" in warning["message"]
    assert "did you mean 'minutes_late'?" in warning["message"]
    assert "the fields are school_urn, upn, date" in warning["message"]
    assert len(intake.values(intake.topics.marks)) == 2


def test_a_clean_batch_is_answered_without_a_warnings_list(intake: Intake) -> None:
    assert intake.post("/v1/marks", json={"marks": [mark()]}).json() == {
        "accepted": 1, "rejected": []}
    assert intake.values(intake.topics.warnings) == []


def test_the_warning_reaches_the_warnings_topic_without_the_record_or_its_upn(
        intake: Intake) -> None:
    intake.post("/v1/marks", json={"marks": [mark(vendor_ref="X-1")]})
    [message] = intake.publisher.on(intake.topics.warnings)
    assert message.key == SCHOOL_A
    assert message.value["position"] == {"index": 0}
    assert message.value["school_urn"] == SCHOOL_A
    assert message.value["source"] == "http" and message.value["integration"] == "Example MIS"
    assert [w["field"] for w in message.value["warnings"]] == ["vendor_ref"]
    assert make_upn(1) not in json.dumps(message.value)


def test_a_code_sent_as_reason_code_is_refused_naming_the_field_to_rename(
        intake: Intake) -> None:
    sent = mark(reason_code="I")
    del sent["code"]
    response = intake.post("/v1/marks", json={"marks": [sent]})
    assert response.status_code == 422
    [error] = response.json()["rejected"][0]["errors"]
    assert error["field"] == "code"
    assert "'reason_code', which is not a field of a mark - rename it to 'code'" in \
        error["message"]
    assert intake.values(intake.topics.marks) == []


def test_an_unknown_csv_column_is_one_warning_at_the_header_not_one_per_row(
        intake: Intake) -> None:
    body = ("school_urn,upn,date,session,code,recorded_at,reason\n"
            + "".join(f"100001,{make_upn(n)},2026-09-02,AM,/,2026-09-02T08:50:00+01:00,bus\n"
                      for n in range(1, 4)))
    response = intake.post("/v1/marks.csv", content=body, headers=CSV)
    assert response.status_code == 202
    answer = response.json()
    assert answer["accepted"] == 3
    [warned] = answer["warnings"]
    assert warned["row"] == 1
    assert [w["field"] for w in warned["warnings"]] == ["reason"]
    [message] = intake.values(intake.topics.warnings)
    assert message["position"] == {"row": 1} and message["source"] == "csv"


async def test_a_mis_topic_mark_with_an_unknown_field_is_kept_with_a_warning_at_its_offset(
        ) -> None:
    publisher = MemoryPublisher()
    sent = json.dumps(mark(recorded="2026-09-02T08:50:00+01:00")).encode()
    await _consumer(publisher)._take(RecordingConsumer(), {PARTITION: [_message(21, sent)]})
    assert len(publisher.on("attendance.marks.v1")) == 1
    [warning] = publisher.on("attendance.warnings.v1")
    assert warning.value["position"] == {"topic": "mis.marks.v1", "partition": 0,
                                         "offset": 21}
    assert warning.value["source"] == "kafka"
    assert [w["field"] for w in warning.value["warnings"]] == ["recorded"]


def test_a_csv_header_with_reason_code_for_code_is_422_naming_the_column_to_rename(
        intake: Intake) -> None:
    body = ("school_urn,upn,date,session,reason_code,recorded_at\n"
            f"100001,{make_upn(1)},2026-09-02,AM,/,2026-09-02T08:50:00+01:00\n")
    response = intake.post("/v1/marks.csv", content=body, headers=CSV)
    assert response.status_code == 422
    message = response.json()["message"]
    assert "missing column(s) code" in message
    assert "the header has 'reason_code', which is not a field of a mark - rename it to 'code'" \
        in message
