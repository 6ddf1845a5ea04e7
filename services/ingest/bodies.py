"""Split request bodies into received records: JSON lists and CSV rows.

A body that cannot be split at all (not JSON, JSON that is not UTF-8, a CSV without
the needed header columns) raises BodyError with a message saying what to fix. A CSV
line that cannot be read (not UTF-8 among them) is kept as a received record carrying
its problem, so it is refused on its own and the other rows still count.
"""

from __future__ import annotations

import json
from typing import Any

from services.ingest.validation import Received
from shared.contracts.marks_v1 import MARK_FIELDS, REQUIRED_MARK_FIELDS
from shared.csv_lines import CsvHeaderError, CsvRow, read_csv_lines, split_lines

_OPTIONAL_MARK_FIELDS = tuple(name for name in MARK_FIELDS if name not in REQUIRED_MARK_FIELDS)
_UTF8_FIX = ("send the CSV encoded as UTF-8 (from Excel: Save As 'CSV UTF-8 (Comma "
             "delimited)')")


class BodyError(ValueError):
    """The body as a whole is unusable; `body` is what was received, for the rejects."""

    def __init__(self, message: str, body: Any) -> None:
        super().__init__(message)
        self.message = message
        self.body = body


def strict_json(text: str) -> Any:
    """Parse JSON as the standard defines it: NaN and Infinity are refused."""
    return json.loads(text, parse_constant=_no_constants)


def json_records(body: bytes, list_name: str) -> list[Received]:
    """The records of a JSON body shaped {"<list_name>": [...]}, positioned by index."""
    text = _text(body)
    try:
        document = strict_json(text)
    except (ValueError, RecursionError) as error:
        raise BodyError(f"the body is not valid JSON: {_reason(error)}", text) from None
    if not isinstance(document, dict) or not isinstance(document.get(list_name), list):
        raise BodyError(f'the body must be a JSON object {{"{list_name}": [...]}} holding '
                        f"a list of {list_name}", document)
    return [Received(record, {"index": i}) for i, record in enumerate(document[list_name])]


def json_object(body: bytes) -> Any:
    """A JSON body of any shape; its records are checked by the caller."""
    text = _text(body)
    try:
        return strict_json(text)
    except (ValueError, RecursionError) as error:
        raise BodyError(f"the body is not valid JSON: {_reason(error)}", text) from None


def csv_records(body: bytes) -> list[Received]:
    """The rows of a CSV body with a header line, positioned by line (header = 1).

    Read line by line as `attendance stats` reads a file (`shared.csv_lines`): a line
    that is not UTF-8, holds a quote left open or has more or fewer values than the
    header is refused by number, and the lines after it are still read.
    """
    try:
        rows = read_csv_lines(split_lines([body]), "the CSV body", _UTF8_FIX,
                              REQUIRED_MARK_FIELDS, _OPTIONAL_MARK_FIELDS)
        return [_received(row) for row in rows]
    except CsvHeaderError as error:
        raise BodyError(str(error),
                        body.decode("utf-8", errors="replace")) from None


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BodyError(f"the body is not UTF-8 text (byte {error.start} cannot be read); "
                        "send it encoded as UTF-8",
                        body.decode("utf-8", errors="replace")) from None


def _received(row: CsvRow) -> Received:
    # An unreadable line keeps its text for the rejects; a readable one its values.
    record: Any = row.values if row.values else row.text
    problems = (row.problem,) if row.problem is not None else ()
    return Received(record, {"row": row.line}, problems)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _reason(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno} column {error.colno}"
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    return str(error)
