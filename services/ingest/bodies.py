"""Split request bodies into received records: JSON lists and CSV rows.

A body that cannot be split at all (not JSON, not UTF-8, a CSV without the needed
header columns) raises BodyError with a message saying what to fix. A CSV row that
cannot be read is kept as a received record carrying its problem, so it is refused
on its own and the other rows still count.
"""

from __future__ import annotations

import csv
import json
import re
from typing import Any

from services.ingest.validation import Received
from shared.contracts.marks_v1 import MARK_FIELDS, REQUIRED_MARK_FIELDS
from shared.kernel import FieldError

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
CSV_HEADER_HINT = "the first line must name the columns: " + ",".join(MARK_FIELDS)


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

    Each line is read on its own: a quote left open would otherwise carry the reader
    on through the lines after it, and their marks would vanish into one comment.
    A line whose quote is never closed is refused by number, and the next line is read
    as the next row.
    """
    text = _text(body).removeprefix("\ufeff")
    lines = _LINE_BREAK.split(text)
    columns = _header(lines[0], text)
    received: list[Received] = []
    for row, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            values = next(csv.reader([line], strict=True))
        except csv.Error as error:
            received.append(Received(line, {"row": row}, (FieldError("row", (
                f"this line is not readable CSV ({error}): close every quoted value on "
                "its own line, and keep line breaks out of comments")),)))
            continue
        received.append(_row(columns, values, row))
    return received


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BodyError(f"the body is not UTF-8 text (byte {error.start} cannot be read); "
                        "send it encoded as UTF-8",
                        body.decode("utf-8", errors="replace")) from None


def _header(line: str, text: str) -> list[str]:
    try:
        header = next(csv.reader([line], strict=True), None)
    except csv.Error as error:
        raise BodyError(f"the header line is not readable CSV: {error}", text) from None
    if not header:
        raise BodyError(f"the CSV body is empty; {CSV_HEADER_HINT}", text)
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_MARK_FIELDS if name not in columns]
    if missing:
        raise BodyError(f"the CSV header lacks the column(s) {', '.join(missing)}; "
                        f"{CSV_HEADER_HINT}", text)
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise BodyError(f"the CSV header names {', '.join(repeated)} more than once", text)
    return columns


def _row(columns: list[str], values: list[str], row: int) -> Received:
    record = dict(zip(columns, values, strict=False))
    if len(values) == len(columns):
        return Received(record, {"row": row})
    problem = FieldError("row", (
        f"this row has {len(values)} values but the header names {len(columns)} "
        "columns; quote any value that holds a comma"))
    return Received(record, {"row": row}, (problem,))


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _reason(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno} column {error.colno}"
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    return str(error)
