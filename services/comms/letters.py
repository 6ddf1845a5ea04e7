"""Letters and leaflets: kinds, the review states, and each letter's identity.

A head-teacher letter is drafted, reviewed and edited, approved, then issued; every
issued letter is kept. Leaflets and the other letters need no review: they are created
approved, ready to print. Any letter not yet issued can be withdrawn. `version` counts
the stored changes (readers of comms.events.v1 keep the highest). Pure: no I/O, no
clock (times are arguments).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any


class LetterKind(StrEnum):
    LEAFLET = "attendance_leaflet"  # 4.1, below 96%
    HEAD_TEACHER = "head_teacher_letter"  # 4.3, below 95%, reviewed before issue
    HOLIDAY_REFUSAL = "holiday_refusal"  # 9.2, same day as the request
    JULY_LEAVE = "july_term_time_leave"  # 9.1, end of the academic year


class LetterState(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    ISSUED = "issued"
    WITHDRAWN = "withdrawn"


REVIEWED = frozenset({LetterKind.HEAD_TEACHER})


class LetterError(ValueError):
    """A change the letter's state does not allow, worded for the member of staff."""


@dataclass(frozen=True)
class Letter:
    letter_id: str
    school_urn: str
    upn: str
    kind: LetterKind
    state: LetterState
    context: dict[str, Any]
    created_at: datetime
    note: str = ""
    approved_by: str | None = None
    issued_at: datetime | None = None
    version: int = 0
    updated_at: datetime | None = None


def letter_id(school_urn: str, upn: str, kind: LetterKind, basis: str) -> str:
    """Same pupil, kind and basis (a signal, a request, a year): the same letter."""
    text = "|".join((school_urn, upn, str(kind), basis))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def new_letter(school_urn: str, upn: str, kind: LetterKind, basis: str,
               context: dict[str, Any], now: datetime) -> Letter:
    state = LetterState.DRAFT if kind in REVIEWED else LetterState.APPROVED
    return Letter(letter_id(school_urn, upn, kind, basis), school_urn, upn, kind, state,
                  context, now)


def edit(letter: Letter, note: str) -> Letter:
    """Change the family-specific paragraph; an approved letter goes back for approval."""
    if letter.state is LetterState.ISSUED:
        raise LetterError(f"letter {letter.letter_id} was issued and cannot change; "
                          "draft a new letter instead")
    if letter.state is LetterState.WITHDRAWN:
        raise LetterError(f"letter {letter.letter_id} was withdrawn and cannot change")
    state = LetterState.DRAFT if letter.kind in REVIEWED else letter.state
    return replace(letter, note=note, state=state, approved_by=None)


def approve(letter: Letter, by: str) -> Letter:
    if letter.state is not LetterState.DRAFT:
        raise LetterError(f"letter {letter.letter_id} is {letter.state}, not a draft; only "
                          "a draft can be approved")
    return replace(letter, state=LetterState.APPROVED, approved_by=by)


def issue(letter: Letter, now: datetime) -> Letter:
    if letter.state is not LetterState.APPROVED:
        raise LetterError(f"letter {letter.letter_id} is {letter.state}; approve it before "
                          "issuing it")
    return replace(letter, state=LetterState.ISSUED, issued_at=now)


def withdraw(letter: Letter) -> Letter:
    """Take a letter out of the queue; an issued letter has gone and stays issued."""
    if letter.state in (LetterState.ISSUED, LetterState.WITHDRAWN):
        raise LetterError(f"letter {letter.letter_id} is {letter.state} and cannot be "
                          "withdrawn")
    return replace(letter, state=LetterState.WITHDRAWN)
