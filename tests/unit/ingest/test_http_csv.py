"""POST /v1/marks.csv: rows are answered by line number, the header is line 1."""

from __future__ import annotations

from tests.unit.ingest.conftest import Intake
from tests.unit.ingest.records import make_upn

HEADER = "school_urn,upn,date,session,code,minutes_late,recorded_at,comment\n"
CSV = {"Content-Type": "text/csv"}


def _row(upn: str, code: str = "/", session: str = "AM", extra: str = "") -> str:
    return f"100001,{upn},2026-09-02,{session},{code},,2026-09-02T08:50:00+01:00,{extra}\n"


def test_csv_marks_are_accepted_and_published_as_csv_marks(intake: Intake) -> None:
    body = HEADER + _row(make_upn(1)) + _row(make_upn(2), "L", extra='"late, bus"')
    response = intake.post("/v1/marks.csv", content=body, headers=CSV)
    assert response.status_code == 202 and response.json() == {"accepted": 2, "rejected": []}
    published = intake.values(intake.topics.marks)
    assert [m["source"] for m in published] == ["csv", "csv"]
    assert published[1]["comment"] == "late, bus" and published[1]["minutes_late"] is None


def test_a_bad_row_is_refused_by_its_line_number(intake: Intake) -> None:
    body = HEADER + _row(make_upn(1)) + "\n" + _row("not-a-upn", "ZZ")
    response = intake.post("/v1/marks.csv", content=body, headers=CSV)
    assert response.status_code == 202
    [refused] = response.json()["rejected"]
    assert refused["row"] == 4 and "index" not in refused
    assert {e["field"] for e in refused["errors"]} == {"upn", "code"}
    [reject] = intake.values(intake.topics.rejects)
    assert reject["source"] == "csv" and reject["position"] == {"row": 4}
    assert reject["record"]["code"] == "ZZ"


def test_a_row_with_an_unquoted_comma_is_refused_saying_so(intake: Intake) -> None:
    body = HEADER + _row(make_upn(1), extra="late, bus")
    response = intake.post("/v1/marks.csv", content=body, headers=CSV)
    assert response.status_code == 422
    [error] = response.json()["rejected"][0]["errors"]
    assert error["field"] == "row" and "quote" in error["message"]


def test_a_quote_left_open_refuses_its_line_and_the_marks_after_it_still_arrive(
        intake: Intake) -> None:
    body = (HEADER + _row(make_upn(1), extra='"oops') + _row(make_upn(2))
            + _row(make_upn(3), session="PM"))
    response = intake.post("/v1/marks.csv", content=body, headers=CSV)
    assert response.status_code == 202
    assert response.json()["accepted"] == 2
    [refused] = response.json()["rejected"]
    assert refused["row"] == 2
    [error] = refused["errors"]
    assert error["field"] == "row" and "close every quoted value" in error["message"]
    assert [m["upn"] for m in intake.values(intake.topics.marks)] == [make_upn(2), make_upn(3)]


def test_a_header_missing_columns_is_422_naming_them(intake: Intake) -> None:
    response = intake.post("/v1/marks.csv", content="school_urn,upn,date\n100001,x,y\n",
                           headers=CSV)
    assert response.status_code == 422
    message = response.json()["message"]
    assert "session, code, recorded_at" in message and "first line" in message
    assert intake.values(intake.topics.rejects)[0]["position"] == {"body": "whole"}


def test_a_json_body_sent_as_csv_is_422_pointing_to_the_json_address(intake: Intake) -> None:
    response = intake.post("/v1/marks.csv", json={"marks": []})
    assert response.status_code == 422
    assert "POST /v1/marks" in response.json()["message"]


def test_a_line_that_is_not_utf8_is_refused_by_number_and_the_other_marks_arrive(
        intake: Intake) -> None:
    latin1_comment = _row(make_upn(2), extra="caf\xe9 trip").encode("latin-1")
    body = (HEADER + _row(make_upn(1))).encode() + latin1_comment + _row(make_upn(3)).encode()
    response = intake.post("/v1/marks.csv", content=body, headers=CSV)
    assert response.status_code == 202
    assert response.json()["accepted"] == 2
    [refused] = response.json()["rejected"]
    assert refused["row"] == 3
    [error] = refused["errors"]
    assert error["field"] == "comment"
    assert "not UTF-8" in error["message"] and "0xE9 ('é'" in error["message"]
    assert "send the CSV encoded as UTF-8" in error["message"]
    assert [m["upn"] for m in intake.values(intake.topics.marks)] == [make_upn(1), make_upn(3)]
    [reject] = intake.values(intake.topics.rejects)
    assert reject["position"] == {"row": 3} and reject["record"]["upn"] == make_upn(2)


def test_a_body_whose_header_line_is_not_utf8_is_422_asking_for_utf8(intake: Intake) -> None:
    utf16 = (HEADER + _row(make_upn(1))).encode("utf-16")
    response = intake.post("/v1/marks.csv", content=utf16, headers=CSV)
    assert response.status_code == 422
    assert "UTF-16" in response.json()["message"]
    assert "CSV UTF-8" in response.json()["message"]


def test_a_body_saved_by_excel_with_a_byte_order_mark_and_windows_line_endings_is_read(
        intake: Intake) -> None:
    rows = [HEADER, _row(make_upn(1)), _row("not-a-upn"), _row(make_upn(2), session="PM")]
    body = "\ufeff" + "".join(rows).replace("\n", "\r\n")
    response = intake.post("/v1/marks.csv", content=body.encode(), headers=CSV)
    assert response.status_code == 202
    assert response.json()["accepted"] == 2
    assert [refused["row"] for refused in response.json()["rejected"]] == [3]


def test_lines_of_nothing_but_commas_are_no_marks_and_are_not_refused(intake: Intake) -> None:
    body = HEADER + _row(make_upn(1)) + ",,,,,,,\n" + "  \n" + _row(make_upn(2))
    response = intake.post("/v1/marks.csv", content=body, headers=CSV)
    assert response.json() == {"accepted": 2, "rejected": []}


def test_an_empty_csv_body_is_422_asking_for_the_header(intake: Intake) -> None:
    response = intake.post("/v1/marks.csv", content="", headers=CSV)
    assert response.status_code == 422
    assert "header" in response.json()["message"] or "first line" in response.json()["message"]


def test_a_header_only_csv_is_422_saying_it_holds_no_marks(intake: Intake) -> None:
    response = intake.post("/v1/marks.csv", content=HEADER, headers=CSV)
    assert response.status_code == 422
    assert "no mark" in response.json()["message"]
