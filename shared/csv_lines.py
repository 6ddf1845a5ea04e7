"""CSV from a school MIS, read one line at a time: the same rules for files and requests.

`attendance stats` (files) and the HTTP intake (request bodies) both read CSV here, so a
line is refused for the same reasons in both. Each line is decoded and parsed on its
own: a byte that is not UTF-8 (an 'é' or a curly quote from an Excel export saved as
Windows-1252) or a quote left open refuses that line only, and the lines after it are
still read. Lines end with \\n, \\r\\n or \\r; a UTF-8 byte-order mark (Excel writes one)
is not part of the header.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from shared.csv_problems import (
    NUL_CHARACTER,
    REPEATED_HEADER,
    undecodable_line,
    unreadable_csv,
    value_count_problem,
)
from shared.kernel import FieldError, rename_hint

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_COLUMN_SPACING = re.compile(r"[\s-]+")


class CsvHeaderError(ValueError):
    """The header line cannot be used, so no line can be read; the message says why."""


@dataclass(frozen=True)
class CsvRow:
    """One data line: `line` is its number (the first line of the file is 1), `values`
    are keyed by column, `problem` refuses the line when it could not be read whole."""

    line: int
    values: dict[str, str] = field(default_factory=dict)
    text: str = ""
    problem: FieldError | None = None


def split_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The lines of a byte stream given in chunks, without their line breaks."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        # A chunk may end between the \r and \n of one line break: keep the \r back.
        held = 1 if pending.endswith(b"\r") else 0
        *lines, rest = _LINE_BREAK.split(pending[:len(pending) - held])
        pending = rest + pending[len(pending) - held:]
        yield from lines
    *lines, rest = _LINE_BREAK.split(pending)
    yield from lines
    if rest:
        yield rest


def column_name(text: str) -> str:
    """A header name as compared: case, outer spaces and 'Date of birth' spacing aside."""
    return _COLUMN_SPACING.sub("_", text.strip().lower())


@dataclass(frozen=True)
class _Header:
    text: str
    columns: list[str]
    utf8_fix: str


def read_csv_lines(lines: Iterable[bytes], subject: str, utf8_fix: str,
                   required: Sequence[str], optional: Sequence[str] = ()) -> Iterator[CsvRow]:
    """Read the header line now (raising CsvHeaderError, its message starting with
    `subject` and naming the `required` and `optional` columns); return the data rows,
    read lazily, blank lines and lines of nothing but commas left out.

    `utf8_fix` ends the message of a line that is not UTF-8 (e.g. "save marks.csv as
    CSV UTF-8"). Blank lines before the header are skipped; line numbers count them.
    """
    numbered = enumerate(lines, start=1)
    hint = f"the first line must name the columns {', '.join(required)}"
    if optional:
        hint += f" (and may name {', '.join(optional)})"
    text, columns = _header(numbered, subject, required, hint)
    header = _Header(text, columns, utf8_fix)
    # Excel leaves a line of commas where a row's cells were cleared: no data, no row.
    return (read_line(number, raw, header) for number, raw in numbered
            if raw.strip(b" \t,"))


def _header(numbered: Iterator[tuple[int, bytes]], subject: str, required: Sequence[str],
            hint: str) -> tuple[str, list[str]]:
    first_lines = (raw for _number, raw in numbered if raw.strip())
    raw = next(first_lines, b"")
    if not raw:
        raise CsvHeaderError(f"{subject} is empty; {hint}")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvHeaderError(f"{subject} is UTF-16 text (Excel's 'Unicode Text'); save it "
                             "as 'CSV UTF-8 (Comma delimited)'")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
        names = next(csv.reader([text], strict=True))
    except (UnicodeDecodeError, csv.Error):
        raise CsvHeaderError(f"{subject} is not a CSV text file; export it as CSV "
                             "(UTF-8)") from None
    if "\x00" in text:
        raise CsvHeaderError(f"{subject} is not a CSV text file; export it as CSV (UTF-8)")
    columns = [column_name(name) for name in names]
    _check_columns(subject, text, columns, required, hint)
    return text.strip(), columns


def _check_columns(subject: str, text: str, columns: list[str], required: Sequence[str],
                   hint: str) -> None:
    missing = [name for name in required if name not in columns]
    if missing:
        looks = ""
        if text.lstrip().startswith(("{", "[")):
            looks = " (it looks like JSON; give a CSV file with a header row)"
        elif len(columns) == 1 and any(sep in text for sep in (";", "\t", "|")):
            looks = " (it seems to use another separator; save it comma-separated)"
        # A column under a misspelt or MIS-specific name ("reason_code" for "code").
        renames = "".join(rename_hint(name, columns, "header") for name in missing)
        raise CsvHeaderError(f"{subject} has no usable header{looks}: missing column(s) "
                             f"{', '.join(missing)}{renames}; {hint}")
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise CsvHeaderError(f"{subject} names the column(s) {', '.join(repeated)} more "
                             "than once in its header; keep one column of each name")


def read_line(number: int, raw: bytes, header: _Header) -> CsvRow:
    """One data line as a row; a line that cannot be read whole carries its problem
    (with whatever values could be read, for the rejects record)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="replace")
        values = next(csv.reader([text]), [])
        return CsvRow(number, dict(zip(header.columns, values, strict=False)), text,
                      undecodable_line(raw, error, header.columns, header.utf8_fix))
    if '"' in text:
        try:
            values = next(csv.reader([text], strict=True))
        except csv.Error as error:
            return CsvRow(number, {}, text, unreadable_csv(str(error)))
    else:
        values = text.split(",")  # what the CSV reader gives for a line without quotes
    row = dict(zip(header.columns, values, strict=False))
    problem = _misread(text, len(values), header)
    return CsvRow(number, row, text, problem)


def _misread(text: str, values: int, header: _Header) -> FieldError | None:
    # Cheap tests first: this runs for every line of a large export.
    if "\x00" in text:
        return NUL_CHARACTER
    if text.removeprefix("\ufeff").strip() == header.text:
        return REPEATED_HEADER
    if values != len(header.columns):
        return value_count_problem(values, len(header.columns))
    return None
