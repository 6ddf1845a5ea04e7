"""Unique Pupil Numbers: validated with python-stdnum's `stdnum.gb.upn`.

Messages never repeat the UPN itself: rejects may end up in logs, and UPNs must not.
"""

from __future__ import annotations

from functools import lru_cache

from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.gb import upn as stdnum_upn

from shared.kernel.errors import FieldError, MarkError

_FIX = "check it against the pupil's record in the MIS"


def _reason(error: ValidationError, length: int) -> str:
    if isinstance(error, InvalidLength):
        return f"a UPN has 13 characters, this one has {length}"
    if isinstance(error, InvalidFormat):
        return ("a UPN is a check letter, 11 digits and a final digit or letter "
                "(temporary UPN)")
    if isinstance(error, InvalidComponent):
        return "characters 2-4 of the UPN are not a known local-authority number"
    if isinstance(error, InvalidChecksum):
        return "the UPN's check letter does not match its other characters"
    return "this is not a valid UPN"


@lru_cache(maxsize=65536)
def normalise_upn(raw: str) -> str:
    """The canonical (stripped, upper-case) form of a permanent or temporary UPN.

    Raises MarkError([FieldError("upn", ...)]) saying what is wrong with it.
    """
    text = raw.strip().upper()
    if not text:
        raise MarkError([FieldError(
            "upn", "the UPN is missing; give the pupil's 13-character UPN")])
    try:
        return str(stdnum_upn.validate(text))
    except ValidationError as error:
        compact = stdnum_upn.compact(text)
        raise MarkError([FieldError("upn", f"{_reason(error, len(compact))}; {_FIX}")]) from None
