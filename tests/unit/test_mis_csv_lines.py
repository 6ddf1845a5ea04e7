"""MIS CSV read line by line, as both `attendance stats` and the CSV intake read it."""

from __future__ import annotations

import pytest

from shared.csv_lines import CsvRow, read_csv_lines, split_lines


def _rows(*lines: bytes) -> list[CsvRow]:
    return list(read_csv_lines(lines, "notes.csv", "save notes.csv as UTF-8", ("upn",)))


def test_lines_end_at_unix_windows_and_old_mac_line_breaks_however_the_bytes_arrive() -> None:
    data = b"a,b\r\nc,d\ne,f\rg,h\r\n\r\ni"
    expected = [b"a,b", b"c,d", b"e,f", b"g,h", b"", b"i"]
    for size in range(1, len(data) + 1):
        pieces = [data[start:start + size] for start in range(0, len(data), size)]
        assert list(split_lines(pieces)) == expected, f"read {size} bytes at a time"


@pytest.mark.parametrize(("line", "column", "says"), [
    (b'X1,"late, bus",caf\xe9', "comment", "0xE9 ('é' in Windows-1252)"),
    (b"X1,O\x92Example,", "note", "0x92 ('’' in Windows-1252)"),
    (b"X1,,,extra \x81", "row", "character 12 of this line is not UTF-8 text: byte 0x81 "
                                "cannot be read"),
])
def test_a_byte_that_is_not_utf8_is_named_with_its_column_and_the_fix(
        line: bytes, column: str, says: str) -> None:
    row, next_row = _rows(b"upn,note,comment", line, b"X2,fine,")
    assert row.problem is not None
    assert row.problem.field == column
    assert says in row.problem.message and row.problem.message.endswith(
        "save notes.csv as UTF-8")
    assert row.values["upn"] == "X1" and next_row.problem is None


def test_the_line_after_a_line_that_is_not_utf8_is_read_as_the_next_row() -> None:
    rows = _rows(b"upn,note", b"X1,caf\xe9", b"X2,fine")
    assert [(row.line, row.problem is None) for row in rows] == [(2, False), (3, True)]
    assert rows[1].values == {"upn": "X2", "note": "fine"}


def test_a_header_repeated_further_down_is_refused_as_two_exports_joined() -> None:
    [row] = _rows(b"\xef\xbb\xbfUPN,Note", b"X1,a", b"\xef\xbb\xbfUPN,Note", b"X2,b")[1:2]
    assert row.line == 3 and row.problem is not None
    assert "repeats the header line" in row.problem.message


def test_header_names_written_with_capitals_and_spaces_match_the_column_names() -> None:
    rows = list(read_csv_lines([b"School URN,UPN,Date of Birth", b"123456,X1,2015-01-01"],
                               "pupils.csv", "", ("school_urn", "upn")))
    assert rows[0].values == {"school_urn": "123456", "upn": "X1",
                              "date_of_birth": "2015-01-01"}
