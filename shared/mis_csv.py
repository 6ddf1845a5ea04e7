"""Reading CSV exports from a school MIS: one clear error for a file that is not usable.

Rows carry their line number in the file (the header is line 1), so every reject can
point a person at the exact line to correct. Lines are read one by one
(`shared.csv_lines`): a line that cannot be read is a row carrying its problem, and the
rest of the file is still read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from shared.csv_lines import CsvHeaderError, CsvRow, read_csv_lines, split_lines

__all__ = ["CsvFileError", "CsvRow", "read_csv"]
_CHUNK_BYTES = 1 << 20


class CsvFileError(Exception):
    """The file as a whole cannot be read as CSV; the message says what to do."""


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise CsvFileError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise CsvFileError(f"{path}: is a folder, not a CSV file") from None
    except OSError as error:
        raise CsvFileError(f"{path}: cannot be read ({error.strerror})") from None


def _chunks(path: Path, handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        try:
            yield from iter(lambda: handle.read(_CHUNK_BYTES), b"")
        except OSError as error:
            raise CsvFileError(f"{path}: cannot be read ({error.strerror})") from None


def read_csv(path: Path, required: Sequence[str],
             optional: Sequence[str] = ()) -> Iterator[CsvRow]:
    """Check the file and its header now; return its data rows, read lazily.

    Raises CsvFileError for a missing file, a file that is not UTF-8 CSV text, or a
    header without the required columns (naming them and the optional ones). A line
    further down that cannot be read (not UTF-8, a quote left open, values not lining up
    with the header) is a row whose `problem` says so. Column names are compared
    case-insensitively.
    """
    handle = _open(path)
    utf8_fix = (f"save {path} as 'CSV UTF-8 (Comma delimited)' (Excel: File, Save As) "
                "and run the command again")
    try:
        return read_csv_lines(split_lines(_chunks(path, handle)), str(path), utf8_fix,
                              required, optional)
    except CsvHeaderError as error:
        handle.close()
        raise CsvFileError(str(error)) from None
