"""`attendance stats` on the awkward files a school data manager exports from an MIS or
Excel: stray Latin-1 or Windows-1252 bytes, byte-order marks, Windows and old Mac line
endings, blank and emptied rows, quotes left open, empty files.

Each starts from the hand-checked fixture of test_stats_command.py (its figures, and
its bad rows on lines 29-34), changed the way such an export would be.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shared.cli.main import main
from tests.unit.cli.test_stats_command import ADA, BO, CY, FIXTURES, MARKS, PUPILS, by_upn

MARK_LINES = (FIXTURES / "marks.csv").read_bytes().splitlines()
PUPIL_LINES = (FIXTURES / "pupils.csv").read_bytes().splitlines()
FIXTURE_REJECTS = [29, 30, 31, 32, 33, 34]


def _write(path: Path, lines: list[bytes], ending: bytes = b"\n", start: bytes = b"") -> str:
    path.write_bytes(start + ending.join(lines) + ending)
    return str(path)


def _replaced(lines: list[bytes], number: int, old: bytes, new: bytes) -> list[bytes]:
    assert old in lines[number - 1]
    return [*lines[:number - 1], lines[number - 1].replace(old, new), *lines[number:]]


def _report(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["stats", *args, "--format", "json"]) == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def _errors(rejected: list[dict[str, Any]]) -> dict[int, dict[str, str]]:
    return {reject["row"]: reject["errors"][0] for reject in rejected}


def test_a_latin1_line_is_refused_naming_file_line_column_and_fix_and_the_rest_is_counted(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    marks = _write(tmp_path / "marks.csv", _replaced(MARK_LINES, 21, b"museum", b"mus\xe9e"))
    report = _report(capsys, marks)
    refused = _errors(report["rejected"])
    assert sorted(refused) == sorted([21, *FIXTURE_REJECTS])
    assert refused[21]["field"] == "comment"
    message = refused[21]["message"]
    assert "not UTF-8 text: byte 0xE9 ('é' in Windows-1252)" in message
    assert f"save {marks} as 'CSV UTF-8 (Comma delimited)'" in message
    assert (report["marks_read"], report["marks_rejected"]) == (33, 7)
    bo = by_upn(report)[BO]
    assert (bo["possible"], bo["aea"]) == (6, 0)  # the trip on line 21 is not counted
    plain = _report(capsys, MARKS)
    assert by_upn(report)[ADA] == by_upn(plain)[ADA]


def test_the_table_lists_the_refused_line_under_the_name_of_its_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    marks = _write(tmp_path / "marks.csv", _replaced(MARK_LINES, 21, b"museum", b"mus\xe9e"))
    assert main(["stats", marks]) == 0
    out = capsys.readouterr().out
    assert f"Rejected rows of the marks file {marks} (7, not counted)" in out
    assert "  line 21: comment: this value is not UTF-8 text" in out


def test_a_windows_1252_curly_quote_in_a_pupils_name_refuses_that_pupil_and_says_why(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pupils = _write(tmp_path / "pupils.csv",
                    _replaced(PUPIL_LINES, 3, b",Example,", b",O\x92Example,"))
    report = _report(capsys, MARKS, "--pupils", pupils)
    [refused] = report["rejected_pupils"]
    assert refused["row"] == 3
    assert refused["errors"] == [{"field": "surname", "message": (
        "this value is not UTF-8 text: byte 0x92 ('’' in Windows-1252) cannot be read; "
        f"save {pupils} as 'CSV UTF-8 (Comma delimited)' (Excel: File, Save As) and run "
        "the command again")}]
    assert sorted(by_upn(report)) == [ADA, CY]
    bo_marks = [reject["errors"][0]["message"] for reject in report["rejected"]
                if reject["row"] in range(15, 24)]
    assert len(bo_marks) == 9
    assert all("pupil's row in the pupils file was rejected" in text for text in bo_marks)


@pytest.mark.parametrize(("start", "ending"), [
    (b"\xef\xbb\xbf", b"\r\n"),  # Excel's 'CSV UTF-8' on Windows
    (b"", b"\r"),                # Excel's 'CSV (Macintosh)'
])
def test_excel_byte_order_mark_and_line_endings_give_the_same_report(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, start: bytes, ending: bytes) -> None:
    marks = _write(tmp_path / "marks.csv", MARK_LINES, ending, start)
    pupils = _write(tmp_path / "pupils.csv", PUPIL_LINES, ending, start)
    plain = _report(capsys, MARKS, "--pupils", PUPILS)
    excel = _report(capsys, marks, "--pupils", pupils)
    for part in ("pupils", "schools", "rejected", "rejected_pupils", "marks_read"):
        assert excel[part] == plain[part]


def test_blank_lines_and_emptied_rows_are_skipped_and_line_numbers_still_count_them(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = [b"", MARK_LINES[0], b"", *MARK_LINES[1:10], b",,,,,,,", b"  ", *MARK_LINES[10:],
             b"", b""]
    report = _report(capsys, _write(tmp_path / "marks.csv", lines))
    assert sorted(_errors(report["rejected"])) == [line + 4 for line in FIXTURE_REJECTS]
    assert by_upn(report) == by_upn(_report(capsys, MARKS))


def test_codes_with_trailing_spaces_or_in_lower_case_count_as_their_dfe_codes(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = [_replaced(MARK_LINES, 2, b",/,", b",/ ,")[1],
             _replaced(MARK_LINES, 6, b",L,", b",l  ,")[5],
             _replaced(MARK_LINES, 10, b",N,", b", n,")[9]]
    report = _report(capsys, _write(tmp_path / "marks.csv", [MARK_LINES[0], *lines]))
    assert report["rejected"] == []
    assert by_upn(report)[ADA]["codes"] == {"/": 1, "L": 1, "N": 1}


def test_a_quote_left_open_refuses_its_line_only_and_the_marks_after_it_count(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    marks = _write(tmp_path / "marks.csv", _replaced(MARK_LINES, 6, b"bus late", b'"bus late'))
    report = _report(capsys, marks)
    refused = _errors(report["rejected"])
    assert sorted(refused) == [6, *FIXTURE_REJECTS]
    assert refused[6]["field"] == "row" and "close every quoted value" in refused[6]["message"]
    assert report["marks_read"] == 33
    assert by_upn(report)[BO] == by_upn(_report(capsys, MARKS))[BO]


@pytest.mark.parametrize(("old", "new", "says"), [
    (b"bus late", b"bus, late", "this row has 9 values but the header names 8 columns; "
                                "quote any value that holds a comma"),
    (b",12,", b",", "this row has 7 values but the header names 8 columns; give every "
                    "column a value"),
])
def test_a_row_whose_values_do_not_line_up_with_the_header_is_refused_not_cut_short(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, old: bytes, new: bytes,
        says: str) -> None:
    report = _report(capsys, _write(tmp_path / "marks.csv", _replaced(MARK_LINES, 6, old, new)))
    refused = _errors(report["rejected"])
    assert refused[6]["field"] == "row" and says in refused[6]["message"]


def test_two_exports_joined_into_one_file_refuse_the_second_header_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    joined = [*MARK_LINES[:28], MARK_LINES[0], MARK_LINES[1]]
    report = _report(capsys, _write(tmp_path / "marks.csv", joined))
    assert _errors(report["rejected"])[29] == {"field": "row", "message": (
        "this line repeats the header line (were two exports joined?); delete it")}


def test_a_pupils_file_with_spelt_out_column_names_is_read(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    header = (b"School URN,UPN,Forename,Surname,Date of Birth,Admission Date,Leaving Date,"
              b"Year Group,Reg Group")
    pupils = _write(tmp_path / "pupils.csv", [header, *PUPIL_LINES[1:]])
    report = _report(capsys, MARKS, "--pupils", pupils)
    assert by_upn(report) == by_upn(_report(capsys, MARKS, "--pupils", PUPILS))


def test_a_large_export_is_read_to_its_last_line(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    # About 2 MB: more than one read of the file, with Windows line endings.
    upns = [line.split(b",")[1] for line in PUPIL_LINES[1:3]]
    lines = [MARK_LINES[0]]
    for serial in range(15_000):
        upn = upns[serial % 2]
        lines.append(b"123456,%s,2024-09-02,AM,/,,2024-09-02T08:50:%02d+01:00,resend %d"
                     % (upn, serial % 60, serial))
    lines.append(b"123456,%s,2024-09-03,PM,L,,2024-09-03T13:10:00+01:00,last line" % upns[0])
    report = _report(capsys, _write(tmp_path / "marks.csv", lines, b"\r\n"))
    assert (report["marks_read"], report["marks_rejected"]) == (15_001, 0)
    assert by_upn(report)[ADA]["codes"] == {"/": 1, "L": 1}


@pytest.mark.parametrize(("marks", "pupils", "says"), [
    ([], None, "marks.csv is empty; the first line must name the columns school_urn, upn, "
               "date, session, code, recorded_at (and may name minutes_late, comment)"),
    ([MARK_LINES[0]], None, "marks.csv holds no marks, only its header line; export the "
                            "register marks again"),
    (MARK_LINES, [PUPIL_LINES[0]], "pupils.csv lists no pupils, only its header line; "
                                   "export the pupils again, or leave out --pupils"),
    (MARK_LINES, [b"school_urn,date_of_birth", b"123456,2015-01-01"],
     "pupils.csv has no usable header: missing column(s) upn"),
    ((b"\xff\xfe" + b"\n".join(MARK_LINES).decode().encode("utf-16-le")).split(b"\n\x00"),
     None, "marks.csv is UTF-16 text (Excel's 'Unicode Text'); save it as 'CSV UTF-8"),
])
def test_a_file_with_nothing_to_count_is_one_line_naming_it_and_exit_code_2(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, marks: list[bytes],
        pupils: list[bytes] | None, says: str) -> None:
    args = [_write(tmp_path / "marks.csv", marks) if marks else _empty(tmp_path / "marks.csv")]
    if pupils is not None:
        args += ["--pupils", _write(tmp_path / "pupils.csv", pupils)]
    assert main(["stats", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("attendance stats: ")
    assert f"{tmp_path}/{says}" in captured.err and len(captured.err.splitlines()) == 1


def _empty(path: Path) -> str:
    path.write_bytes(b"")
    return str(path)


def test_when_no_mark_is_accepted_the_table_shows_why_the_pupils_rows_were_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pupils = _write(tmp_path / "pupils.csv",
                    [PUPIL_LINES[0], PUPIL_LINES[1].replace(b"2015-01-01", b"2015-13-01")])
    marks = _write(tmp_path / "marks.csv", MARK_LINES[:3])
    assert main(["stats", marks, "--pupils", pupils]) == 1
    out = capsys.readouterr().out
    assert f"Rejected rows of the pupils file {pupils} (1, not counted)" in out
    assert "line 2: date_of_birth: '2015-13-01' is not a real calendar date" in out
