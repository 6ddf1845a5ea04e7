"""`attendance stats` on small CSV fixtures whose figures were worked out by hand.

marks.csv (as of 2024-09-06, the latest mark): school 123456 has pupils K...001 (8
present, an N amended to I, one O; a re-send and an older re-send that change nothing),
Z...002 (6 present, a V trip, a Y1, one session unmarked and one "-") and C...004 (one
mark, on roll from it); school 654321 has N...003 (present, late, two G). Lines 29-34
are bad rows, one per kind of mistake.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from shared.cli.main import main

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "stats"
MARKS = str(FIXTURES / "marks.csv")
PUPILS = str(FIXTURES / "pupils.csv")
ADA, BO, CY, DEV = "K801200024001", "Z801200024002", "N801200024003", "C801200024004"


def stats_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["stats", *args, "--format", "json"]) == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def by_upn(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {pupil["upn"]: pupil for pupil in report["pupils"]}


def by_urn(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {school["school_urn"]: school for school in report["schools"]}


def test_json_report_counts_each_pupils_sessions_by_hand(capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    report = stats_json(capsys, MARKS)
    assert (report["as_of"], report["as_of_source"]) == ("2024-09-06",
                                                          "latest mark date in the file")
    assert report["window"] == {"name": "ytd", "start": "2024-09-01", "end": "2024-09-06"}
    pupils = by_upn(report)
    ada = pupils[ADA]
    assert (ada["possible"], ada["present"], ada["authorised"], ada["unauthorised"]) == (
        10, 8, 1, 1)
    assert (ada["attendance_pct"], ada["persistent_absence"]) == (80.0, True)
    assert ada["codes"] == {"/": 3, "I": 1, "L": 1, "O": 1, "\\": 4}
    assert ada["unauthorised_last_10_school_weeks"] == 1
    bo = pupils[BO]
    assert (bo["possible"], bo["present"], bo["aea"], bo["missing"]) == (7, 6, 1, 2)
    assert (pupils[CY]["attendance_pct"], pupils[CY]["severe_absence"]) == (50.0, True)
    assert (pupils[DEV]["possible"], pupils[DEV]["missing"]) == (1, 1)
    assert "compulsory_school_age" not in ada


def test_json_school_summary_is_sums_of_sessions(capsys: pytest.CaptureFixture[str]) -> None:
    school = by_urn(stats_json(capsys, MARKS))["123456"]
    assert (school["pupil_count"], school["possible"], school["present"], school["aea"],
            school["missing"]) == (3, 18, 15, 1, 3)
    assert (school["attendance_pct"], school["absence_pct"]) == (88.9, 11.1)
    assert (school["pa_count"], school["pa_pct"]) == (1, 33.3)


def test_bad_rows_are_listed_with_line_and_reason_and_never_counted(
        capsys: pytest.CaptureFixture[str]) -> None:
    report = stats_json(capsys, MARKS)
    reasons = {reject["row"]: reject["errors"][0] for reject in report["rejected"]}
    assert sorted(reasons) == [29, 30, 31, 32, 33, 34]
    assert reasons[29]["field"] == "code" and "'ZZ'" in reasons[29]["message"]
    assert reasons[30]["field"] == "upn"
    assert reasons[31] == {"field": "date", "message": "'2024-09-31' is not a real calendar date"}
    assert reasons[32]["field"] == "session"
    assert reasons[33]["field"] == "code" and "'H'" in reasons[33]["message"]
    assert reasons[34]["field"] == "recorded_at"


def test_with_a_pupils_file_pupils_are_measured_on_roll_and_off_roll_marks_rejected(
        capsys: pytest.CaptureFixture[str]) -> None:
    report = stats_json(capsys, MARKS, "--pupils", PUPILS)
    pupils = by_upn(report)
    assert sorted(pupils) == [ADA, CY, BO]
    assert (pupils[ADA]["possible"], pupils[ADA]["attendance_pct"]) == (8, 75.0)
    assert (pupils[BO]["possible"], pupils[BO]["missing"]) == (7, 0)
    assert pupils[BO]["compulsory_school_age"] is False
    rejected = {reject["row"]: reject["errors"][0]["message"] for reject in report["rejected"]}
    assert "before the pupil's admission" in rejected[2]
    assert "after the pupil left" in rejected[23]
    assert "not in the pupils file" in rejected[28]
    school = by_urn(report)["123456"]
    assert (school["possible"], school["attendance_pct"]) == (15, 86.7)
    assert (school["csa_pupil_count"], school["pa_count"], school["pa_pct"]) == (1, 1, 100.0)


def test_as_of_puts_later_marks_outside_the_window_without_rejecting_them(
        capsys: pytest.CaptureFixture[str]) -> None:
    report = stats_json(capsys, MARKS, "--as-of", "2024-09-05")
    assert (report["as_of"], report["as_of_source"]) == ("2024-09-05", "--as-of")
    ada = by_upn(report)[ADA]
    assert (ada["possible"], ada["attendance_pct"], ada["persistent_absence"]) == (
        8, 100.0, False)
    assert DEV not in by_upn(report)  # on roll from 2024-09-06, after the as-of date
    assert len(report["rejected"]) == 6


def test_the_week_window_starts_on_monday(capsys: pytest.CaptureFixture[str]) -> None:
    report = stats_json(capsys, MARKS, "--window", "week", "--as-of", "2024-09-04")
    assert report["window"] == {"name": "week", "start": "2024-09-02", "end": "2024-09-04"}
    assert by_upn(report)[ADA]["possible"] == 6


def test_table_format_shows_schools_pupils_and_rejected_rows_for_a_person(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", MARKS]) == 0
    out = capsys.readouterr().out
    assert "as of 2024-09-06 (the latest mark date in the file" in out
    assert out.index("Schools") < out.index("Pupils") < out.index("Rejected rows")
    ada_line = next(line for line in out.splitlines() if ADA in line)
    assert ada_line.split()[2:10] == ["10", "8", "0", "1", "1", "0", "80.0", "20.0"]
    assert "line 31: date: '2024-09-31' is not a real calendar date" in out


@pytest.mark.parametrize(("name", "says"), [
    ("not_csv.png", "is not a CSV text file"),
    ("marks.json", "looks like JSON"),
    ("bad_header.csv", "missing column(s) code, recorded_at"),
    ("no_such_file.csv", "no such file"),
])
def test_a_file_that_is_not_usable_csv_is_one_clear_error_and_exit_code_2(
        capsys: pytest.CaptureFixture[str], name: str, says: str) -> None:
    assert main(["stats", str(FIXTURES / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert says in captured.err and len(captured.err.strip().splitlines()) == 1


def test_the_installed_attendance_command_prints_one_json_object() -> None:
    finished = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "attendance"), "stats", MARKS, "--format", "json"],
        capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == 0, finished.stderr
    report = json.loads(finished.stdout)
    assert by_urn(report)["654321"]["attendance_pct"] == 50.0


def test_a_file_whose_every_row_is_rejected_lists_them_and_exits_1(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    only_bad = tmp_path / "bad.csv"
    only_bad.write_text("school_urn,upn,date,session,code,recorded_at\n"
                        f"123456,{ADA},2024-09-02,AM,QQ,2024-09-02T08:50:00+01:00\n")
    assert main(["stats", str(only_bad), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["rejected"][0]["row"] == 2
    assert "no mark was accepted" in captured.err


def test_a_bad_row_of_the_pupils_file_is_reported_and_its_marks_explained(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    roster = tmp_path / "pupils.csv"
    roster.write_text("school_urn,upn,date_of_birth,admission_date,leaving_date\n"
                      f"123456,{ADA},2015-13-01,,\n654321,{CY},,,\n")
    report = stats_json(capsys, MARKS, "--pupils", str(roster))
    assert report["rejected_pupils"] == [{"row": 2, "errors": [
        {"field": "date_of_birth", "message": "'2015-13-01' is not a real calendar date"}]}]
    first_reject = report["rejected"][0]
    assert first_reject["row"] == 2 and "pupils file was rejected" in (
        first_reject["errors"][0]["message"])
