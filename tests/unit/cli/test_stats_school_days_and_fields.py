"""`attendance stats` checks marks as the intake does: weekend rows are rejected, with
--schools a school is measured over the calendar it set and its rows for days with no
sessions are rejected, and a column that is not a field of a mark is a warning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shared.cli.main import main

URN = "123456"
ADA, BO = "K801200024001", "Z801200024002"
HEADER = "school_urn,upn,date,session,code,recorded_at"
# Autumn 2024 from Monday 2 September; Friday 6 September is an INSET day.
SCHOOL = {"school_urn": URN, "name": "Oakfield Primary", "phase": "primary",
          "terms": [{"name": "Autumn 2024", "start": "2024-09-02", "end": "2024-12-20",
                     "half_term_start": "2024-10-28", "half_term_end": "2024-11-01"}],
          "closures": [{"date": "2024-09-06", "reason": "INSET"}],
          "updated_at": "2024-08-20T09:00:00+01:00"}


def row(upn: str, day: str, session: str, code: str) -> str:
    return f"{URN},{upn},{day},{session},{code},{day}T09:00:00+01:00"


def week_of_marks() -> list[str]:
    """Ada and Bo present Monday to Thursday, 2-5 September 2024."""
    return [row(upn, f"2024-09-0{day}", session, "/" if session == "AM" else "\\")
            for upn in (ADA, BO) for day in range(2, 6) for session in ("AM", "PM")]


def files(tmp_path: Path, lines: list[str], header: str = HEADER) -> tuple[str, str]:
    marks, schools = tmp_path / "marks.csv", tmp_path / "schools.json"
    marks.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    schools.write_text(json.dumps([SCHOOL]), encoding="utf-8")
    return str(marks), str(schools)


def stats_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["stats", *args, "--format", "json"]) == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def test_a_saturday_row_is_rejected_naming_the_date_and_never_counted(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    marks, _ = files(tmp_path, [*week_of_marks(), row(ADA, "2024-09-07", "AM", "O")])
    report = stats_json(capsys, marks, "--as-of", "2024-09-07")
    [reject] = report["rejected"]
    assert reject["row"] == 18
    assert reject["errors"][0]["field"] == "date"
    assert "2024-09-07 is a Saturday" in reject["errors"][0]["message"]
    ada = next(p for p in report["pupils"] if p["upn"] == ADA)
    assert (ada["possible"], ada["unauthorised"]) == (8, 0)


def test_with_schools_a_closure_day_row_is_rejected_and_a_closure_code_is_kept(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    marks, schools = files(tmp_path, [*week_of_marks(), row(ADA, "2024-09-06", "AM", "I"),
                                      row(BO, "2024-09-06", "AM", "#")])
    report = stats_json(capsys, marks, "--schools", schools)
    [reject] = report["rejected"]
    assert reject["row"] == 18
    assert "not a school day in school 123456's calendar (it is a closure day)" in \
        reject["errors"][0]["message"]
    assert report["schools_file"] == schools
    school = report["schools"][0]
    assert (school["possible"], school["present"], school["missing"]) == (16, 16, 0)


def test_without_schools_the_same_closure_day_row_counts_as_the_calendar_is_unknown(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    marks, _ = files(tmp_path, [*week_of_marks(), row(ADA, "2024-09-06", "AM", "I")])
    report = stats_json(capsys, marks)
    assert report["rejected"] == []
    assert next(p for p in report["pupils"] if p["upn"] == ADA)["authorised"] == 1


def test_with_schools_the_school_is_measured_over_its_own_terms(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from_tuesday = [line for line in week_of_marks() if "2024-09-02" not in line]
    marks, schools = files(tmp_path, from_tuesday)
    own = stats_json(capsys, marks, "--schools", schools, "--window", "term")
    assert own["schools"][0]["window"]["start"] == "2024-09-02"
    inferred = stats_json(capsys, marks, "--window", "term")
    assert inferred["schools"][0]["window"]["start"] == "2024-09-03"


def test_an_unknown_column_is_a_warning_at_line_1_and_the_marks_still_count(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    marks, _ = files(tmp_path, [line + ",bus" for line in week_of_marks()],
                     header=HEADER + ",reason")
    report = stats_json(capsys, marks)
    [warned] = report["warnings"]
    assert warned["row"] == 1
    assert warned["warnings"][0]["field"] == "reason"
    assert "not a field of a mark" in warned["warnings"][0]["message"]
    assert report["schools"][0]["possible"] == 16
    assert main(["stats", marks]) == 0
    table = capsys.readouterr().out
    assert "Warnings about the marks file" in table and "line 1: reason:" in table


def test_a_header_with_reason_code_for_code_is_one_error_naming_the_rename(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    marks, _ = files(tmp_path, week_of_marks(),
                     header=HEADER.replace(",code,", ",reason_code,"))
    assert main(["stats", marks]) == 2
    error = capsys.readouterr().err
    assert "missing column(s) code" in error
    assert "'reason_code', which is not a field of a mark - rename it to 'code'" in error


@pytest.mark.parametrize(("content", "says"), [
    ("[]", "lists no schools"),
    ("{not json", "is not valid JSON"),
    (json.dumps([{**SCHOOL, "phase": "nursery"}]), "school 1 in the file: phase:"),
    (json.dumps([{k: v for k, v in SCHOOL.items() if k != "updated_at"}]),
     "school 1 in the file: updated_at: is required"),
])
def test_a_schools_file_that_cannot_be_used_is_one_error_naming_the_entry_and_field(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, says: str) -> None:
    marks, schools = files(tmp_path, week_of_marks())
    Path(schools).write_text(content, encoding="utf-8")
    assert main(["stats", marks, "--schools", schools]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and says in captured.err
