"""The canonical register mark: validation of wire/CSV records and amendment order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from shared.kernel.codes import LEGACY_CUTOFF, normalise_code
from shared.kernel.errors import FieldError, MarkError
from shared.kernel.fields import (
    SESSIONS,
    Session,
    clean_text,
    parse_comment,
    parse_date,
    parse_minutes_late,
    parse_recorded_at,
    parse_session,
    parse_urn,
)
from shared.kernel.pupils import Enrolment
from shared.kernel.upn import normalise_upn

__all__ = [
    "SESSIONS",
    "Mark",
    "Session",
    "check_mark_context",
    "latest_marks",
    "parse_date",
    "parse_mark",
    "supersedes",
]


@dataclass(frozen=True)
class Mark:
    """One session's register code for one pupil, as recorded at `recorded_at`."""

    school_urn: str
    upn: str
    date: dt.date
    session: Session
    code: str
    recorded_at: dt.datetime
    minutes_late: int | None = None
    comment: str | None = None

    @property
    def key(self) -> tuple[dt.date, str]:
        """The session this mark is for (per pupil): AM and PM never collide."""
        return (self.date, self.session)


def _field(raw: Mapping[str, Any], name: str, parse: Callable[[Any], Any],
           errors: list[FieldError]) -> Any:
    try:
        return parse(raw.get(name))
    except MarkError as error:
        errors.extend(error.errors)
    except ValueError as error:
        errors.append(FieldError(name, str(error)))
    return None


def parse_mark(raw: Mapping[str, Any]) -> Mark:
    """Validate and normalise a wire or CSV record into a Mark.

    Values may be strings. Raises MarkError listing every bad field at once. The
    pupil's roll and the future are not checked here: see `check_mark_context`.
    """
    errors: list[FieldError] = []
    urn = _field(raw, "school_urn", parse_urn, errors)
    upn = _field(raw, "upn", lambda v: normalise_upn(clean_text(v)), errors)
    day = _field(raw, "date", parse_date, errors)
    # Without a valid date the code can only be checked for being a known code at all.
    code_day = day if day is not None else LEGACY_CUTOFF - dt.timedelta(days=1)
    code = _field(raw, "code", lambda v: normalise_code(clean_text(v), code_day), errors)
    session = _field(raw, "session", parse_session, errors)
    minutes_late = _field(raw, "minutes_late", parse_minutes_late, errors)
    recorded_at = _field(raw, "recorded_at", parse_recorded_at, errors)
    comment = _field(raw, "comment", parse_comment, errors)
    if errors:
        raise MarkError(errors)
    return Mark(school_urn=urn, upn=upn, date=day, session=session, code=code,
                recorded_at=recorded_at, minutes_late=minutes_late, comment=comment)


def check_mark_context(mark: Mark, enrolment: Enrolment | None, today: dt.date) -> list[FieldError]:
    """Problems with a valid mark in context: a future date, or a date off the pupil's roll.

    `enrolment` None means the roll is unknown, so only the future is checked.
    """
    errors: list[FieldError] = []
    if mark.date > today:
        errors.append(FieldError("date", (
            f"{mark.date.isoformat()} is in the future (today is {today.isoformat()}); "
            "registers can only be marked for today or earlier")))
    if enrolment is None:
        return errors
    admitted, left = enrolment.admission_date, enrolment.leaving_date
    if admitted is not None and mark.date < admitted:
        errors.append(FieldError("date", (
            f"{mark.date.isoformat()} is before the pupil's admission on "
            f"{admitted.isoformat()}; correct the mark's date or the admission date")))
    if left is not None and mark.date > left:
        errors.append(FieldError("date", (
            f"{mark.date.isoformat()} is after the pupil left on {left.isoformat()}; "
            "correct the mark's date or the leaving date")))
    return errors


def supersedes(new: Mark, old: Mark | None) -> bool:
    """True iff `new` replaces `old`: no earlier mark, or a strictly later recorded_at.

    An equal or older recorded_at is a no-op (a re-send or a late-arriving old version).
    """
    return old is None or new.recorded_at > old.recorded_at


def _precedence(mark: Mark) -> tuple[dt.datetime, str, int, str]:
    # Ties on recorded_at are broken on content so the winner never depends on arrival order.
    late = -1 if mark.minutes_late is None else mark.minutes_late
    return (mark.recorded_at, mark.code, late, mark.comment or "")


def latest_marks(marks: Iterable[Mark]) -> dict[tuple[dt.date, str], Mark]:
    """Per session key, the mark with the latest recorded_at (one pupil's marks)."""
    latest: dict[tuple[dt.date, str], Mark] = {}
    for mark in marks:
        held = latest.get(mark.key)
        if held is None or _precedence(mark) > _precedence(held):
            latest[mark.key] = mark
    return latest
