"""DfE register codes: what each counts as, and how MIS variants are normalised.

DOMAIN.md section 1. Codes removed in 2024 (H, F, J, Y) are accepted only for dates
before LEGACY_CUTOFF, so historical imports still load and new data stays clean.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import lru_cache

from shared.kernel.errors import FieldError, MarkError


class Category(StrEnum):
    """What a session's code counts as in the statistics."""

    PRESENT = "present"
    AEA = "aea"
    AUTHORISED = "authorised"
    UNAUTHORISED = "unauthorised"
    NOT_POSSIBLE = "not_possible"
    MISSING = "missing"


LEGACY_CUTOFF = date(2024, 8, 19)
NO_MARK = "-"

_CURRENT_CODES: dict[str, Category] = {
    **dict.fromkeys(["/", "\\", "L"], Category.PRESENT),
    **dict.fromkeys(["K", "V", "P", "W", "B"], Category.AEA),
    **dict.fromkeys(
        ["C", "C1", "C2", "E", "I", "J1", "M", "R", "S", "T"], Category.AUTHORISED),
    **dict.fromkeys(["G", "N", "O", "U"], Category.UNAUTHORISED),
    **dict.fromkeys(
        ["D", "Q", "X", "Z", "#", *(f"Y{n}" for n in range(1, 8))], Category.NOT_POSSIBLE),
    NO_MARK: Category.MISSING,
}

_LEGACY_CODES: dict[str, Category] = {
    "H": Category.AUTHORISED,
    "F": Category.AUTHORISED,
    "J": Category.AEA,
    "Y": Category.NOT_POSSIBLE,
}

# What to use instead of a removed code, for the error message.
_LEGACY_REPLACEMENT = {
    "H": "'G' (holiday not authorised) or 'C' (leave in exceptional circumstances)",
    "F": "'G' (holiday not authorised) or 'C' (leave in exceptional circumstances)",
    "J": "'J1' (interview)",
    "Y": "one of 'Y1'..'Y7' (the reason the pupil could not attend)",
}

# MIS products send two-character codes as "Y 1", "Y-1", "Y:1", "y/1"...
_SPLIT_CODE = re.compile(r"^([A-Z])\s*[-:./_ ]?\s*([0-9])$")

ALL_CODES: frozenset[str] = frozenset(_CURRENT_CODES) | frozenset(_LEGACY_CODES)


def _compact(raw: str) -> str:
    text = raw.strip().upper()
    if text in ("", "--"):
        return NO_MARK
    split = _SPLIT_CODE.match(text)
    return split.group(1) + split.group(2) if split else text


@lru_cache(maxsize=1024)
def _normalise(raw: str, before_cutoff: bool) -> str:
    code = _compact(raw)
    if code in _CURRENT_CODES:
        return code
    if code in _LEGACY_CODES:
        if before_cutoff:
            return code
        raise MarkError([FieldError("code", (
            f"code '{code}' was withdrawn on {LEGACY_CUTOFF:%d %b %Y} and is only accepted "
            f"for earlier dates; re-code the session as {_LEGACY_REPLACEMENT[code]}"))])
    raise MarkError([FieldError("code", (
        f"unknown register code '{raw.strip()}'; use a DfE code (e.g. / \\ L V I M C G N O U "
        "or Y1-Y7) and correct the mark in the MIS before sending it again"))])


def normalise_code(raw: str, on: date) -> str:
    """The canonical DfE code for a raw MIS code on date `on`.

    Accepts spacing, case and sub-code variants ("y 1" -> "Y1"); empty means no mark
    ("-"). Raises MarkError on an unknown code, or a code withdrawn in 2024 used on or
    after LEGACY_CUTOFF; the message names the code and what to use instead.
    """
    return _normalise(raw, on < LEGACY_CUTOFF)


def category_of(code: str) -> Category:
    """The category of a canonical code (legacy codes included; "-" is MISSING)."""
    category = _CURRENT_CODES.get(code) or _LEGACY_CODES.get(code)
    if category is None:
        raise MarkError([FieldError("code", f"'{code}' is not a canonical register code")])
    return category


def counts_as_possible(category: Category) -> bool:
    """Whether a session in this category is a possible session (DOMAIN.md section 2)."""
    return category in (
        Category.PRESENT, Category.AEA, Category.AUTHORISED, Category.UNAUTHORISED)
