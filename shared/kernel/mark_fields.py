"""The field names of a register mark, and help for a sender who spelt one wrongly.

MIS vendors add fields to their exports over time, so a field the product does not know
is no reason to refuse a mark. But a misspelt field ("reason_code" for "code",
"recorded" for "recorded_at") must never vanish unnoticed: each unknown field gets a
warning naming it and the fields there are, and when a required field is missing the
error names the field the sender most likely meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher
from typing import Any

from shared.kernel.errors import FieldError

MARK_FIELDS = (
    "school_urn", "upn", "date", "session", "code", "minutes_late", "recorded_at", "comment",
)
REQUIRED_MARK_FIELDS = ("school_urn", "upn", "date", "session", "code", "recorded_at")
_KNOWN = frozenset(MARK_FIELDS)
_LISTED = ", ".join(MARK_FIELDS)

# Names MIS products and exports use for the canonical fields (DOMAIN.md section 5:
# Wonde, Assembly), compared without case, spaces or punctuation.
_ALIASES = {
    "urn": "school_urn", "school": "school_urn", "schoolid": "school_urn",
    "schoolcode": "school_urn",
    "pupilupn": "upn", "studentupn": "upn", "uniquepupilnumber": "upn",
    "studentid": "upn", "pupilid": "upn",
    "sessiondate": "date", "markdate": "date", "attendancedate": "date", "day": "date",
    "sessionname": "session", "ampm": "session",
    "attendancecode": "code", "attendancecodeid": "code", "attendancemark": "code",
    "mark": "code", "markcode": "code", "reasoncode": "code", "registercode": "code",
    "lateminutes": "minutes_late", "minslate": "minutes_late", "late": "minutes_late",
    "recorded": "recorded_at", "timestamp": "recorded_at", "updatedat": "recorded_at",
    "modifiedat": "recorded_at", "lastmodified": "recorded_at", "markedat": "recorded_at",
    "takenat": "recorded_at",
    "comments": "comment", "note": "comment", "notes": "comment",
}
_SQUASHED = {re.sub(r"[^a-z0-9]", "", name): name for name in MARK_FIELDS}
_CLOSE_ENOUGH = 0.8
_SHORTEST_START = 4


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def intended_field(name: str) -> str | None:
    """The mark field an unknown field name most likely means, if any is close enough."""
    squashed = _squash(name)
    if not squashed:
        return None
    if squashed in _SQUASHED:
        return _SQUASHED[squashed]
    if squashed in _ALIASES:
        return _ALIASES[squashed]
    close = [field for key, field in _SQUASHED.items()
             if SequenceMatcher(None, squashed, key).ratio() >= _CLOSE_ENOUGH]
    if len(close) == 1:
        return close[0]
    # "pupil_code" holds one field's name; "minutes" starts one.
    inside = [field for key, field in _SQUASHED.items()
              if key in squashed or (len(squashed) >= _SHORTEST_START and key.startswith(squashed))]
    return inside[0] if len(inside) == 1 else None


def unknown_fields(names: Iterable[Any]) -> list[str]:
    """The names that are not fields of a mark, in the order given."""
    return [str(name) for name in names if name not in _KNOWN]


def unknown_field_warnings(record: Mapping[Any, Any]) -> list[FieldError]:
    """One warning per field of `record` that is not a field of a mark.

    Each names the field, says its value is ignored, and suggests the field it most
    likely means (when the record does not already have that one).
    """
    warnings = []
    for name in unknown_fields(record):
        meant = intended_field(name)
        guess = f" - did you mean '{meant}'?" if meant and meant not in record else ""
        warnings.append(FieldError(name, (
            f"'{name}' is not a field of a mark, so its value was ignored{guess}; check its "
            f"spelling - the fields are {_LISTED}")))
    return warnings


def rename_hint(missing: str, names: Iterable[Any], holder: str = "record") -> str:
    """Text to add to a missing field's error: which unknown name to rename, if any.

    Empty when no unknown name in `names` looks like the missing field. `holder` is what
    holds the names, for the message: the record, or a CSV file's header.
    """
    meant = [str(name) for name in unknown_fields(names) if intended_field(str(name)) == missing]
    if not meant:
        return ""
    quoted = " or ".join(f"'{name}'" for name in meant)
    return (f"; the {holder} has {quoted}, which is not a field of a mark - rename it to "
            f"'{missing}'")
