"""Why one line of an MIS CSV cannot be read, worded for the person who must fix it."""

from __future__ import annotations

from collections.abc import Sequence

from shared.kernel import FieldError

_OPEN_QUOTE = "unexpected end of data"
_STRAY_QUOTE = "expected after '\"'"


def undecodable_line(raw: bytes, error: UnicodeDecodeError, columns: Sequence[str],
                     utf8_fix: str) -> FieldError:
    """A line holding a byte that is not UTF-8: the column it is in (when the header names
    one), the byte and the character it stands for in Windows-1252, and the fix."""
    before = raw[:error.start].decode("utf-8")
    index = _column_index(before)
    column = columns[index] if index < len(columns) and columns[index] else None
    byte = raw[error.start]
    where = "this value" if column else f"character {len(before) + 1} of this line"
    return FieldError(column or "row", (
        f"{where} is not UTF-8 text: byte 0x{byte:02X}{_as_windows_1252(byte)} cannot be "
        f"read; {utf8_fix}"))


REPEATED_HEADER = FieldError("row", "this line repeats the header line (were two exports "
                                    "joined?); delete it")
NUL_CHARACTER = FieldError("row", "this line holds a NUL character, so the file is not plain "
                                  "text; export it again as CSV UTF-8")


def unreadable_csv(csv_error: str) -> FieldError:
    """A line the CSV reader refused, read on its own."""
    if _OPEN_QUOTE in csv_error:
        fix = "close every quoted value on its own line, and keep line breaks out of comments"
    elif _STRAY_QUOTE in csv_error:
        fix = 'quote a value that holds a quote, and double the quote inside it ("")'
    else:
        fix = "correct it in a text editor or export the file again"
    return FieldError("row", f"this line is not readable CSV ({csv_error}): {fix}")


def value_count_problem(values: int, columns: int) -> FieldError:
    """A row whose values do not line up with the header's columns."""
    fix = ("quote any value that holds a comma" if values > columns else
           "give every column a value, leaving nothing between the commas where it is empty")
    return FieldError("row", f"this row has {values} values but the header names {columns} "
                             f"columns; {fix}")


def _column_index(before: str) -> int:
    # Commas outside quotes before the bad byte; a doubled quote toggles twice.
    quoted, index = False, 0
    for character in before:
        if character == '"':
            quoted = not quoted
        elif character == "," and not quoted:
            index += 1
    return index


def _as_windows_1252(byte: int) -> str:
    character = bytes([byte]).decode("cp1252", errors="replace")
    if character == "\ufffd" or not character.isprintable() or character.isspace():
        return ""
    return f" ('{character}' in Windows-1252)"
