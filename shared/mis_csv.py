"""Reading CSV exports from a school MIS: one clear error for a file that is not usable.

Rows carry their line number in the file (the header is line 1), so every reject can
point a person at the exact line to correct.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO


class CsvFileError(Exception):
    """The file as a whole cannot be read as CSV; the message says what to do."""


@dataclass(frozen=True)
class CsvRow:
    """One data row: `line` is where it starts in the file, values keyed by column name."""

    line: int
    values: dict[str, str]


def _header_problem(path: Path, header: list[str], required: Sequence[str]) -> str | None:
    missing = [name for name in required if name not in header]
    if not missing:
        return None
    hint = ""
    if header and header[0].lstrip().startswith(("{", "[")):
        hint = " (it looks like JSON; give a CSV file with a header row)"
    elif len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        hint = " (the file seems to use another separator; save it comma-separated)"
    return (f"{path}: no usable header{hint}: missing column(s) {', '.join(missing)}; "
            f"the first line must name the columns {', '.join(required)}")


def _open(path: Path) -> TextIO:
    try:
        return path.open(newline="", encoding="utf-8-sig")
    except FileNotFoundError:
        raise CsvFileError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise CsvFileError(f"{path}: is a folder, not a CSV file") from None
    except OSError as error:
        raise CsvFileError(f"{path}: cannot be read ({error.strerror})") from None


def _rows(path: Path, handle: TextIO, header: list[str]) -> Iterator[CsvRow]:
    reader = csv.reader(handle)
    with handle:
        line = 1
        try:
            for fields in reader:
                start, line = line + 1, reader.line_num + 1
                if "".join(fields).strip():
                    yield CsvRow(start, dict(zip(header, fields, strict=False)))
        except UnicodeDecodeError:
            raise CsvFileError(f"{path}: line {line + 1} is not UTF-8 text; "
                               "export the file again as CSV (UTF-8)") from None
        except csv.Error as error:
            raise CsvFileError(f"{path}: line {reader.line_num} is not valid CSV "
                               f"({error})") from None


def _read_header(path: Path, handle: TextIO, required: Sequence[str]) -> list[str]:
    not_csv = f"{path}: is not a CSV text file; export it as CSV (UTF-8)"
    try:
        first_line = handle.readline()
        fields = next(csv.reader([first_line]), [])
    except (UnicodeDecodeError, csv.Error):
        raise CsvFileError(not_csv) from None
    if "\x00" in first_line:
        raise CsvFileError(not_csv)
    if not first_line.strip():
        raise CsvFileError(f"{path}: is empty; the first line must name the columns "
                           f"{', '.join(required)}")
    header = [name.strip().lower() for name in fields]
    problem = _header_problem(path, header, required)
    if problem:
        raise CsvFileError(problem)
    return header


def read_csv(path: Path, required: Sequence[str]) -> Iterator[CsvRow]:
    """Check the file and its header now; return its data rows, read lazily.

    Raises CsvFileError for a missing file, a file that is not UTF-8 CSV text, or a
    header without the required columns (naming them); a problem further down the file
    is raised while iterating. Column names are compared case-insensitively.
    """
    handle = _open(path)
    try:
        header = _read_header(path, handle, required)
    except CsvFileError:
        handle.close()
        raise
    return _rows(path, handle, header)
